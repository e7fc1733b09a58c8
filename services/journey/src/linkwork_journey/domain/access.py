"""Who may read and work on which journeys: a link worker their own, a manager their team's
(none, when the manager's token carries no team); information governance reads every team's
journeys, and works on none. Nobody else reads journeys.

A scope is a set of field equalities a journey must meet, e.g. {"link_worker_id": "lw-1"}.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from linkwork_runtime.caller import Caller, caseload_scope, reads_every_case, team_of, works_on
from linkwork_runtime.refusals import NotPermitted, permitted

J = TypeVar("J", bound=Mapping[str, Any])

# Whose journeys a caller works on: the caseload rule every service applies (linkwork_runtime).
journey_scope = caseload_scope


def can_read(caller: Caller, journey: Mapping[str, Any]) -> bool:
    """Whoever works on it (the caseload rule every service applies, linkwork_runtime), and
    information governance."""
    return reads_every_case(caller) or works_on(caller, journey)


def readable(caller: Caller, journey: J | None, journey_id: str) -> J:
    """The journey, if the caller may read it; not found otherwise (so nobody learns of the
    journeys of others)."""

    def reads(found: J) -> bool:
        return can_read(caller, found)

    return permitted(journey, "journey", journey_id, sees=reads, may=reads, who=caller.sub)


def workable(caller: Caller, journey: J | None, journey_id: str) -> J:
    """The journey, if the caller works on it: not found when they may not read it either,
    refused when they only read it (information governance)."""

    def reads(found: J) -> bool:
        return can_read(caller, found)

    def works(found: J) -> bool:
        return works_on(caller, found)

    return permitted(journey, "journey", journey_id, sees=reads, may=works, who=caller.sub)


def scope_of(caller: Caller) -> dict[str, str]:
    """The journeys a caller may list (information governance: all of them); refused to anyone
    without a caseload."""
    if reads_every_case(caller):
        return {}
    scope = journey_scope(caller)
    if scope is None:
        raise NotPermitted("you may not read journeys")
    return scope


def reads_story(
    caller: Caller, journey: Mapping[str, Any] | None, referral_team: str | None
) -> bool:
    """Whether the caller may read a referral's timeline: once its journey has started,
    whoever may read the journey; before that, the managers of the team it was routed to, and
    information governance."""
    if journey is not None:
        return can_read(caller, journey)
    if reads_every_case(caller):
        return True
    team = team_of(caller)
    return team is not None and team == referral_team


def narrow(scope: Mapping[str, Any], asked: Mapping[str, Any]) -> dict[str, Any] | None:
    """What a listing asked for (None values ignored), kept within `scope`.

    None when the two contradict, e.g. a link worker asking for another's journeys: the
    listing is then empty rather than widened or silently replaced.
    """
    wanted = {field: value for field, value in asked.items() if value is not None}
    if any(field in wanted and wanted[field] != value for field, value in scope.items()):
        return None
    return wanted | dict(scope)
