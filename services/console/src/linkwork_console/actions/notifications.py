"""Marking a person's notifications read, one or all, in the notifications service."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


async def mark_read(backends: Backends, session: Session, notification_id: str) -> Any:
    path = f"/notifications/{notification_id}/read"
    return await backends.notifications.post(path, session.token)


async def mark_all_read(backends: Backends, session: Session) -> Any:
    return await backends.notifications.post("/notifications/read-all", session.token)
