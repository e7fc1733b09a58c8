"""Acknowledging a safeguarding concern, in the notifications service (once: a second time it
answers 409, saying by whom and when it was)."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


async def acknowledge(backends: Backends, session: Session, concern_id: str) -> Any:
    path = f"/safeguarding-concerns/{concern_id}/acknowledge"
    return await backends.notifications.post(path, session.token)
