"""Repository of in-app notifications, per recipient inbox, with read state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import DESCENDING

from linkwork_notifications.domain.feed_access import FeedAccess
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

IN_APP = "in_app_notifications"


def readable_by(access: FeedAccess) -> dict[str, Any]:
    """The inboxes a caller reads, as a query."""
    return {"recipient_id": {"$in": sorted(access.inboxes)}}


class Inbox(Repository):
    collection_name = IN_APP
    default_sort = (("created_at", DESCENDING),)

    async def listing(
        self, access: FeedAccess, unread_only: bool, skip: int, limit: int
    ) -> tuple[list[Document], int]:
        """One page of what the caller reads, newest first, and how many there are."""
        filters = _unread(access) if unread_only else readable_by(access)
        return await self.page(filters, skip, limit)

    async def unread_count(self, access: FeedAccess) -> int:
        return await self.count(_unread(access))

    async def mark_read(
        self, access: FeedAccess, notification_id: str, at: datetime
    ) -> Document | None:
        """Mark one notification read; None if the caller cannot read it (or it does not exist)."""
        await self._collection.update_one(
            {"$and": [{"_id": notification_id, "read_at": None}, readable_by(access)]},
            {"$set": {"read_at": at}},
            session=self._session,
        )
        return await self.find_one({"$and": [{"_id": notification_id}, readable_by(access)]})

    async def resolve(self, source_event_id: str, at: datetime) -> int:
        """The alert an event raised is over: its notifications read and resolved, in every
        inbox, those this transaction is still to insert included; how many were in the
        database."""
        closed = {"read_at": at, "resolved_at": at}
        for waiting in self._deferred:
            if waiting["source_event_id"] == source_event_id:
                waiting.update(closed)
        result = await self._collection.update_many(
            {"source_event_id": source_event_id, "resolved_at": None},
            {"$set": closed},
            session=self._session,
        )
        return result.modified_count

    async def concern_acknowledged(self, concern_id: str, by: str, at: datetime) -> int:
        """The safeguarding concern's notifications, in every inbox, say who acknowledged it
        and when (so none offers to acknowledge it again); how many there were."""
        result = await self._collection.update_many(
            {"concern_id": concern_id},
            {"$set": {"concern_acknowledged_by": by, "concern_acknowledged_at": at}},
            session=self._session,
        )
        return result.modified_count

    async def mark_all_read(self, access: FeedAccess, at: datetime) -> int:
        result = await self._collection.update_many(
            _unread(access), {"$set": {"read_at": at}}, session=self._session
        )
        return result.modified_count


def _unread(access: FeedAccess) -> dict[str, Any]:
    return {"$and": [readable_by(access), {"read_at": None}]}
