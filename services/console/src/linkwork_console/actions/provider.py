"""A provider's answers to the links to its services, and its services' places, sent to the
directory with the provider's own token."""

from __future__ import annotations

from datetime import date
from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


def _path(link_id: str, step: str) -> str:
    return f"/links/{link_id}/{step}"


async def accept(backends: Backends, session: Session, link_id: str) -> Any:
    return await backends.directory.post(_path(link_id, "accept"), session.token)


async def decline(backends: Backends, session: Session, link_id: str, reason: str) -> Any:
    body = {"reason": reason}
    return await backends.directory.post(_path(link_id, "decline"), session.token, body)


async def record_attendance(
    backends: Backends, session: Session, link_id: str, attended_on: date | None, completed: bool
) -> Any:
    body: dict[str, Any] = {"completed": completed}
    if attended_on is not None:  # without a day the directory records today
        body["attended_on"] = attended_on.isoformat()
    return await backends.directory.post(_path(link_id, "attendance"), session.token, body)


async def end(backends: Backends, session: Session, link_id: str, reason: str) -> Any:
    body = {"reason": reason}
    return await backends.directory.post(_path(link_id, "end"), session.token, body)


async def set_capacity(
    backends: Backends, session: Session, service_id: str, total: int | None
) -> Any:
    body = {"capacity_total": total}
    return await backends.directory.put(f"/services/{service_id}/capacity", session.token, body)
