"""A caller's in-app notifications: a page of them, newest first, and how many are unread."""

from __future__ import annotations

from typing import Any

from linkwork_notifications.domain.feed_access import feed_access
from linkwork_notifications.domain.feed_items import notification_view
from linkwork_notifications.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.paging import PageRequest, page_of


async def notifications(
    store: Store, reader: Caller, unread_only: bool, paging: PageRequest
) -> dict[str, Any]:
    """A page of what `reader` reads (only the unread ones if asked), with the unread count."""
    access = feed_access(reader)
    items, total = await store.inbox.listing(access, unread_only, paging.skip, paging.per_page)
    unread = await store.inbox.unread_count(access)
    return page_of(map(notification_view, items), total, paging, unread=unread)


async def unread_count(store: Store, reader: Caller) -> int:
    return await store.inbox.unread_count(feed_access(reader))
