"""MongoDB repositories of the referral service, and their indexes."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime.mongo import Document

REFERRALS = "referrals"
SUBMISSIONS = "submissions"
# A referral in one of these states is no longer an open case.
ENDED = ("closed", "declined", "withdrawn")

INDEXES = {
    REFERRALS: [
        IndexModel([("source_key", ASCENDING)], unique=True),
        IndexModel([("status", ASCENDING), ("received_at", DESCENDING)]),
        IndexModel([("person.nhs_number", ASCENDING), ("status", ASCENDING)]),
    ],
    SUBMISSIONS: [
        IndexModel([("status", ASCENDING), ("received_at", DESCENDING)]),
    ],
}


class _Repository:
    collection_name: str

    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._collection = db[self.collection_name]
        self._session = session

    async def get(self, id_: str) -> Document | None:
        return await self._collection.find_one({"_id": id_}, session=self._session)

    async def add(self, document: Document) -> None:
        await self._collection.insert_one(document, session=self._session)

    async def page(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[Document], int]:
        cursor = self._collection.find(filters, session=self._session)
        items = await cursor.sort("received_at", DESCENDING).skip(skip).limit(limit).to_list()
        total = await self._collection.count_documents(filters, session=self._session)
        return items, total


class Referrals(_Repository):
    collection_name = REFERRALS

    async def by_source_key(self, source_key: str) -> Document | None:
        return await self._collection.find_one({"source_key": source_key}, session=self._session)

    async def open_for_nhs_number(self, nhs_number: str) -> Document | None:
        """The oldest open referral of the same person, if any."""
        cursor = self._collection.find(
            {"person.nhs_number": nhs_number, "status": {"$nin": list(ENDED)}},
            session=self._session,
        )
        found = await cursor.sort("received_at", ASCENDING).limit(1).to_list()
        return found[0] if found else None


class Submissions(_Repository):
    """Every submission as it arrived, kept so a rejected one can be corrected and resent."""

    collection_name = SUBMISSIONS

    async def mark_resubmitted(self, submission_id: str, replaced_by: str) -> None:
        await self._collection.update_one(
            {"_id": submission_id},
            {"$set": {"status": "resubmitted", "replaced_by": replaced_by}},
            session=self._session,
        )
