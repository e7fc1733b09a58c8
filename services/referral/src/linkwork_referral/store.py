"""MongoDB repository of referrals and its indexes."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime.mongo import Document

REFERRALS = "referrals"

INDEXES = {
    REFERRALS: [
        IndexModel([("source_key", ASCENDING)], unique=True),
        IndexModel([("status", ASCENDING), ("received_at", DESCENDING)]),
        IndexModel([("person.nhs_number", ASCENDING)]),
    ],
}


class Referrals:
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._collection = db[REFERRALS]
        self._session = session

    async def by_source_key(self, source_key: str) -> Document | None:
        return await self._collection.find_one({"source_key": source_key}, session=self._session)

    async def get(self, referral_id: str) -> Document | None:
        return await self._collection.find_one({"_id": referral_id}, session=self._session)

    async def add(self, document: Document) -> None:
        await self._collection.insert_one(document, session=self._session)

    async def page(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[Document], int]:
        cursor = self._collection.find(filters, session=self._session)
        items = await cursor.sort("received_at", DESCENDING).skip(skip).limit(limit).to_list()
        total = await self._collection.count_documents(filters, session=self._session)
        return items, total
