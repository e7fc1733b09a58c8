"""Who may read which journeys: a link worker their own, a manager their team's (every
team's, when the manager's token carries no team). Nobody else reads journeys.

A scope is a set of field equalities a journey must meet, e.g. {"link_worker_id": "lw-1"}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_runtime.caller import caseload_scope, works_on

# The journey service's rule is the caseload rule every service applies (linkwork_runtime).
journey_scope = caseload_scope
can_read = works_on


def narrow(scope: Mapping[str, Any], asked: Mapping[str, Any]) -> dict[str, Any] | None:
    """What a listing asked for (None values ignored), kept within `scope`.

    None when the two contradict, e.g. a link worker asking for another's journeys: the
    listing is then empty rather than widened or silently replaced.
    """
    wanted = {field: value for field, value in asked.items() if value is not None}
    if any(field in wanted and wanted[field] != value for field, value in scope.items()):
        return None
    return wanted | dict(scope)
