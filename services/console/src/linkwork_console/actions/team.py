"""A manager's changes to the team, sent to the referral service: register a link worker,
change a link worker's details."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session
from linkwork_console.domain.team import path_id


async def register_link_worker(
    backends: Backends, session: Session, details: dict[str, Any]
) -> Any:
    return await backends.referral.post("/link-workers", session.token, details)


async def change_link_worker(
    backends: Backends, session: Session, link_worker_id: str, changes: dict[str, Any]
) -> Any:
    path = f"/link-workers/{path_id(link_worker_id)}"
    return await backends.referral.patch(path, session.token, changes)


async def set_catchment(backends: Backends, session: Session, entries: list[str]) -> Any:
    """The manager's own team's whole catchment, as it is to be (PUT)."""
    path = f"/teams/{path_id(session.identity.team_id or '')}/catchment"
    return await backends.referral.put(path, session.token, {"entries": entries})
