"""Repository of the ops event log: the envelope of every event consumed, never a payload."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING

from linkwork_notifications.store.repository import Repository
from linkwork_runtime.mongo import Document

EVENT_LOG = "event_log"


class EventLog(Repository):
    collection_name = EVENT_LOG

    async def add(self, entry: Document) -> None:
        await self._collection.insert_one(entry, session=self._session)

    async def page(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[Document], int]:
        return await self._page(filters, ("occurred_at", DESCENDING), skip, limit)
