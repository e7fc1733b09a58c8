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


def caseload_scope(caller: Caller) -> dict[str, str] | None:
    """The cases (journeys, links to services) a caller works on, as field equalities a case
    must meet: a link worker their own, a manager their team's (every team's when the token
    names no team). None for anyone else."""
    if caller.has(MANAGER):
        return {"team_id": caller.team_id} if caller.team_id else {}
    if caller.has(LINK_WORKER):
        return {"link_worker_id": caller.sub}
    return None


def works_on(caller: Caller, case: Mapping[str, Any]) -> bool:
    """Whether `case` (with its `link_worker_id` and `team_id`) is in the caller's caseload."""
    scope = caseload_scope(caller)
    return scope is not None and all(case.get(key) == value for key, value in scope.items())
