"""In-app notifications: a caller's inboxes (their own; their team's as a manager; their
practice's or provider organisation's), unread counts, marking read."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from linkwork_notifications.domain.feed_access import feed_access
from linkwork_notifications.domain.feed_items import notification_view
from linkwork_notifications.http_deps import Reader, RuntimeDep
from linkwork_notifications.store import Inbox

router = APIRouter(tags=["in-app notifications"])


@router.get("/notifications", summary="Your in-app notifications, newest first")
async def list_notifications(
    principal: Reader,
    runtime: RuntimeDep,
    unread: Annotated[bool, Query(description="Only those not yet read")] = False,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    access = feed_access(principal)
    inbox = Inbox(runtime.db)
    items, total = await inbox.page(access, unread, (page - 1) * per_page, per_page)
    return {
        "total": total,
        "unread": await inbox.unread_count(access),
        "page": page,
        "per_page": per_page,
        "items": [notification_view(item) for item in items],
    }


@router.get("/notifications/unread-count", summary="How many of your notifications are unread")
async def unread_count(principal: Reader, runtime: RuntimeDep) -> dict[str, int]:
    return {"unread": await Inbox(runtime.db).unread_count(feed_access(principal))}


@router.post("/notifications/{notification_id}/read", summary="Mark one notification read")
async def mark_read(notification_id: str, principal: Reader, runtime: RuntimeDep) -> Any:
    now = datetime.now(UTC)
    found = await Inbox(runtime.db).mark_read(feed_access(principal), notification_id, now)
    if found is None:
        raise HTTPException(404, {"error": "not_found", "message": "no such notification"})
    return notification_view(found)


@router.post("/notifications/read-all", summary="Mark all your notifications read")
async def mark_all_read(principal: Reader, runtime: RuntimeDep) -> dict[str, int]:
    now = datetime.now(UTC)
    return {"marked": await Inbox(runtime.db).mark_all_read(feed_access(principal), now)}
