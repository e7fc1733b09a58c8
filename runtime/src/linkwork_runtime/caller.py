"""Who is calling, as domain rules see them: a protocol with no web framework behind it, so
pure domain code can decide access (linkwork_runtime.auth.Principal satisfies it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

MANAGER, LINK_WORKER, PRACTICE, PROVIDER = "manager", "link_worker", "practice", "provider"


class Caller(Protocol):
    @property
    def sub(self) -> str: ...
    @property
    def team_id(self) -> str | None: ...
    @property
    def ods_code(self) -> str | None: ...
    @property
    def organization_id(self) -> str | None: ...
    def has(self, role: str) -> bool: ...


def team_of(caller: Caller) -> str | None:
    """The team a manager acts for: their token's team claim. A missing or empty claim is no
    team, never every team (an organisation-wide role would be a role of its own)."""
    team = (caller.team_id or "").strip()
    return team if caller.has(MANAGER) and team else None


def caseload_scope(caller: Caller) -> dict[str, str] | None:
    """The cases (journeys, links to services) a caller works on, as field equalities a case
    must meet: a manager their team's, a link worker their own. None for anyone else (a
    manager whose token names no team included)."""
    team = team_of(caller)
    if team:
        return {"team_id": team}
    if caller.has(LINK_WORKER):
        return {"link_worker_id": caller.sub}
    return None


def works_on(caller: Caller, case: Mapping[str, Any]) -> bool:
    """Whether `case` (with its `link_worker_id` and `team_id`) is in the caller's caseload."""
    scope = caseload_scope(caller)
    return scope is not None and all(case.get(key) == value for key, value in scope.items())


INFORMATION_GOVERNANCE = "information_governance"


def reads_every_case(caller: Caller) -> bool:
    """Whether the caller reads every team's care records: information governance, which is
    organisation-wide (subject access, investigations). Reading only: no rule that lets a
    caller change a case asks this, and the routes that change one do not admit the role."""
    return caller.has(INFORMATION_GOVERNANCE)


def reads_note(caller: Caller, note: Mapping[str, Any], team_id: str | None) -> bool:
    """Whether the caller may read a case note (on a referral or a journey of team `team_id`),
    given they may read the case: an open note, yes; a restricted one, only its author, a
    manager of that team and information governance."""
    if not note.get("restricted"):
        return True
    if note.get("written_by") == caller.sub or reads_every_case(caller):
        return True
    team = team_of(caller)
    return team is not None and team == team_id
