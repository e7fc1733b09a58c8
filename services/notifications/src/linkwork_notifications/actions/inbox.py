"""Reading in-app notifications: one, or all of a caller's, marked read now."""

from __future__ import annotations

from linkwork_notifications.domain.feed_access import feed_access
from linkwork_notifications.store import Tx
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import NotFound


async def mark_read(tx: Tx, reader: Caller, notification_id: str) -> Document:
    """The notification, read; NotFound when the reader cannot read it (or there is none)."""
    found = await tx.store.inbox.mark_read(feed_access(reader), notification_id, tx.now)
    if found is None:
        raise NotFound("no such notification")
    return found


async def mark_all_read(tx: Tx, reader: Caller) -> int:
    """How many of the reader's unread notifications were marked read."""
    return await tx.store.inbox.mark_all_read(feed_access(reader), tx.now)
