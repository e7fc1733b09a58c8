"""The live feed as a stream reads it: where to start (now, or after the client's last id,
and whether some of what it missed has expired), then the items it may see, in order, as they
are added, for as long as its token lasts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

from linkwork_notifications.domain.feed_access import FeedAccess
from linkwork_notifications.domain.feed_position import missed_some, resume_after
from linkwork_notifications.store import Store
from linkwork_runtime.mongo import Document
from linkwork_runtime.wakeups import Wakeups


async def start(store: Store, last_event_id: str | None) -> tuple[int, bool]:
    """The sequence number to stream after, and whether items after it are gone."""
    after = resume_after(last_event_id) if last_event_id else await store.feed.latest_seq()
    oldest = await store.feed.oldest_seq() if after else None
    return after, missed_some(after, oldest)


async def follow(
    store: Store,
    access: FeedAccess,
    after: int,
    poll_seconds: float,
    until: datetime | None,
    batch: int = 100,
    written: Wakeups | None = None,
) -> AsyncIterator[Document]:
    """The items `access` may see after `after`, in order, waiting for more, until `until`:
    woken by `written` when this process commits feed items, polling for other processes'."""
    written = written or Wakeups()
    while True:
        mark = written.mark()
        page = await store.feed.after(after, access, batch)
        for item in page.items:
            yield item
        after = page.last_seq
        left = (until - datetime.now(UTC)).total_seconds() if until else poll_seconds
        if left <= 0:
            return
        if not page.full:
            await written.wait(mark, min(poll_seconds, left))
