"""In-app notifications: a caller's inboxes (their own; their team's as a manager; their
practice's or provider organisation's), unread counts, marking read."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linkwork_notifications.actions import inbox as reading
from linkwork_notifications.api.deps import INBOXES, InboxPaging, Reader, StoreDep
from linkwork_notifications.domain.feed_items import notification_view
from linkwork_notifications.queries import inbox
from linkwork_runtime.access import Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import NotFound

router = APIRouter(tags=["in-app notifications"])
Listed = [confined(Refused.LEFT_OUT, **INBOXES)]


@router.get(
    "/notifications", summary="Your in-app notifications, newest first", dependencies=Listed
)
async def list_notifications(
    principal: Reader,
    store: StoreDep,
    paging: InboxPaging,
    unread: Annotated[bool, Query(description="Only those not yet read")] = False,
) -> dict[str, Any]:
    return await inbox.notifications(store, principal, unread, paging)


@router.get(
    "/notifications/unread-count",
    summary="How many of your notifications are unread",
    dependencies=Listed,
)
async def unread_count(principal: Reader, store: StoreDep) -> dict[str, int]:
    return {"unread": await inbox.unread_count(store, principal)}


@router.post(
    "/notifications/{notification_id}/read",
    summary="Mark one notification read",
    responses=refused(NotFound),
    dependencies=[confined(Refused.NOT_FOUND, **INBOXES)],
)
async def mark_read(notification_id: str, principal: Reader, rt: RuntimeDep) -> Any:
    read = await rt.uow.run(lambda tx: reading.mark_read(tx, principal, notification_id))
    return notification_view(read)


@router.post(
    "/notifications/read-all", summary="Mark all your notifications read", dependencies=Listed
)
async def mark_all_read(principal: Reader, rt: RuntimeDep) -> dict[str, int]:
    return {"marked": await rt.uow.run(lambda tx: reading.mark_all_read(tx, principal))}
