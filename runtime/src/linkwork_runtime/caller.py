"""Who is calling, as domain rules see them: a protocol with no web framework behind it, so
pure domain code can decide access (linkwork_runtime.auth.Principal satisfies it)."""

from __future__ import annotations

from typing import Protocol

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
