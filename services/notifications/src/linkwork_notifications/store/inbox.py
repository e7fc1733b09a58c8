"""Repository of in-app notifications, per recipient inbox, with read state."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import DESCENDING

from linkwork_notifications.domain.feed_access import FeedAccess
from linkwork_notifications.store.repository import Repository
from linkwork_runtime.mongo import Document

IN_APP = "in_app_notifications"


def readable_by(access: FeedAccess) -> dict[str, Any]:
    """The inboxes a caller reads, as a query."""
    clauses: list[dict[str, Any]] = [{"recipient_id": {"$in": sorted(access.inboxes)}}]
    if access.every_team_inbox:
        clauses.append({"inbox_kind": "team"})
    return {"$or": clauses}


class Inbox(Repository):
    collection_name = IN_APP

    async def add(self, notification: Document) -> None:
        await self._collection.insert_one(notification, session=self._session)

    async def page(
        self, access: FeedAccess, unread_only: bool, skip: int, limit: int
    ) -> tuple[list[Document], int]:
        filters = _unread(access) if unread_only else readable_by(access)
        return await self._page(filters, ("created_at", DESCENDING), skip, limit)

    async def unread_count(self, access: FeedAccess) -> int:
        return await self._collection.count_documents(_unread(access), session=self._session)

    async def mark_read(
        self, access: FeedAccess, notification_id: str, at: datetime
    ) -> Document | None:
        """Mark one notification read; None if the caller cannot read it (or it does not exist)."""
        await self._collection.update_one(
            {"$and": [{"_id": notification_id, "read_at": None}, readable_by(access)]},
            {"$set": {"read_at": at}},
            session=self._session,
        )
        return await self._collection.find_one(
            {"$and": [{"_id": notification_id}, readable_by(access)]}, session=self._session
        )

    async def mark_all_read(self, access: FeedAccess, at: datetime) -> int:
        result = await self._collection.update_many(
            _unread(access), {"$set": {"read_at": at}}, session=self._session
        )
        return result.modified_count


def _unread(access: FeedAccess) -> dict[str, Any]:
    return {"$and": [readable_by(access), {"read_at": None}]}
