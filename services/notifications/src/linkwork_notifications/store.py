"""MongoDB repository of the ops event log and its indexes."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime.mongo import Document

EVENT_LOG = "event_log"

INDEXES = {
    EVENT_LOG: [
        IndexModel([("occurred_at", DESCENDING)]),
        IndexModel([("event_type", ASCENDING), ("occurred_at", DESCENDING)]),
        IndexModel([("correlation_id", ASCENDING)]),
    ],
}


class EventLog:
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._collection = db[EVENT_LOG]
        self._session = session

    async def add(self, entry: Document) -> None:
        await self._collection.insert_one(entry, session=self._session)

    async def page(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[Document], int]:
        cursor = self._collection.find(filters, session=self._session)
        items = await cursor.sort("occurred_at", DESCENDING).skip(skip).limit(limit).to_list()
        return items, await self._collection.count_documents(filters, session=self._session)
