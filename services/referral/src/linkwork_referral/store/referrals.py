"""Repositories of referrals and of submissions as they arrived."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_referral.domain.lifecycle import ENDED, Status
from linkwork_runtime import mongo
from linkwork_runtime.mongo import Document

REFERRALS = "referrals"
SUBMISSIONS = "submissions"


class Repository:
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
        return await mongo.page(
            self._collection,
            filters,
            sort=[("received_at", DESCENDING)],
            skip=skip,
            limit=limit,
            session=self._session,
        )


class Referrals(Repository):
    collection_name = REFERRALS

    async def by_source_key(self, source_key: str) -> Document | None:
        return await self._collection.find_one({"source_key": source_key}, session=self._session)

    async def open_for_nhs_number(self, nhs_number: str) -> Document | None:
        """The oldest open referral of the same person, if any."""
        cursor = self._collection.find(
            {"person.nhs_number": nhs_number, "status": {"$nin": sorted(ENDED)}},
            session=self._session,
        )
        found = await cursor.sort("received_at", ASCENDING).limit(1).to_list()
        return found[0] if found else None

    async def change(
        self, referral_id: str, fields: dict[str, Any], history: dict[str, Any]
    ) -> None:
        """Set fields and append one line to the referral's history."""
        await self._collection.update_one(
            {"_id": referral_id},
            {"$set": fields, "$push": {"history": history}},
            session=self._session,
        )

    async def waiting(self, limit: int) -> list[Document]:
        """Referrals waiting for capacity: urgent first, then the oldest."""
        cursor = self._collection.find({"status": Status.AWAITING_CAPACITY}, session=self._session)
        return (
            await cursor.sort([("urgency", DESCENDING), ("received_at", ASCENDING)])
            .limit(limit)
            .to_list()
        )

    async def contact_overdue(self, now: datetime, limit: int) -> list[Document]:
        cursor = self._collection.find(
            {
                "status": Status.ASSIGNED,
                "overdue_raised": False,
                "first_contact_at": None,
                "first_contact_due": {"$lte": now},
            },
            session=self._session,
        )
        return await cursor.limit(limit).to_list()

    async def mark_overdue(self, referral_id: str) -> bool:
        """Flag the overdue once; False when another worker already did."""
        result = await self._collection.update_one(
            {"_id": referral_id, "overdue_raised": False},
            {"$set": {"overdue_raised": True}},
            session=self._session,
        )
        return result.modified_count == 1

    async def count_by_status(self, filters: dict[str, Any]) -> dict[str, int]:
        pipeline = [{"$match": filters}, {"$group": {"_id": "$status", "n": {"$sum": 1}}}]
        cursor = await self._collection.aggregate(pipeline, session=self._session)
        return {row["_id"]: row["n"] async for row in cursor}


class Submissions(Repository):
    """Every submission as it arrived, kept so a rejected one can be corrected and resent."""

    collection_name = SUBMISSIONS

    async def mark_resubmitted(self, submission_id: str, replaced_by: str) -> None:
        await self._collection.update_one(
            {"_id": submission_id},
            {"$set": {"status": "resubmitted", "replaced_by": replaced_by}},
            session=self._session,
        )
