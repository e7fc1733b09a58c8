"""Who may read which journeys: a link worker their own, a manager their team's (every
team's, when the manager's token carries no team). Nobody else reads journeys.

A scope is a set of field equalities a journey must meet, e.g. {"link_worker_id": "lw-1"}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_runtime.caller import LINK_WORKER, MANAGER
from linkwork_runtime.caller import Caller as Principal


def journey_scope(principal: Principal) -> dict[str, Any] | None:
    """The journeys a principal may read; None when they may read none."""
    if principal.has(MANAGER):
        return {"team_id": principal.team_id} if principal.team_id else {}
    if principal.has(LINK_WORKER):
        return {"link_worker_id": principal.sub}
    return None


def narrow(scope: Mapping[str, Any], asked: Mapping[str, Any]) -> dict[str, Any] | None:
    """What a listing asked for (None values ignored), kept within `scope`.

    None when the two contradict, e.g. a link worker asking for another's journeys: the
    listing is then empty rather than widened or silently replaced.
    """
    wanted = {field: value for field, value in asked.items() if value is not None}
    if any(field in wanted and wanted[field] != value for field, value in scope.items()):
        return None
    return wanted | dict(scope)


def can_read(principal: Principal, journey: Mapping[str, Any]) -> bool:
    scope = journey_scope(principal)
    if scope is None:
        return False
    return all(journey.get(field) == value for field, value in scope.items())
