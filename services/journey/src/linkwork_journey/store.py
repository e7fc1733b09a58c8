"""MongoDB repository of timeline entries and its indexes."""

from __future__ import annotations

from pymongo import ASCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime.mongo import Document

TIMELINE = "timeline_entries"

INDEXES = {
    TIMELINE: [IndexModel([("referral_id", ASCENDING), ("occurred_at", ASCENDING)])],
}


class Timeline:
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._collection = db[TIMELINE]
        self._session = session

    async def add(self, entry: Document) -> None:
        await self._collection.insert_one(entry, session=self._session)

    async def for_referral(self, referral_id: str) -> list[Document]:
        cursor = self._collection.find({"referral_id": referral_id}, session=self._session)
        return await cursor.sort("occurred_at", ASCENDING).to_list()
