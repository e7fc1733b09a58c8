"""A person's inbox: a page of their in-app notifications (all, or the unread ones) and the
header's unread count, from the notifications service."""

from __future__ import annotations

from linkwork_console.backends import Backends
from linkwork_console.domain.notifications import PER_PAGE, InboxPage, inbox_of
from linkwork_console.domain.sessions import Session


async def inbox(backends: Backends, session: Session, page: int, unread_only: bool) -> InboxPage:
    params = {"page": max(page, 1), "per_page": PER_PAGE, "unread": "true" if unread_only else None}
    answer = await backends.notifications.get("/notifications", session.token, params)
    return inbox_of(answer, session.identity, unread_only)


async def unread(backends: Backends, session: Session) -> int:
    answer = await backends.notifications.get("/notifications/unread-count", session.token)
    return int(answer["unread"])
