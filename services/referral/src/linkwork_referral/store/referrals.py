"""Repository of referrals: their state, their history and the queues read from them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING

from linkwork_referral.domain.lifecycle import ENDED, Status
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

REFERRALS = "referrals"


class Referrals(Repository):
    collection_name = REFERRALS
    default_sort = (("received_at", DESCENDING),)  # newest first

    async def by_source_key(self, source_key: str) -> Document | None:
        return await self.find_one({"source_key": source_key})

    async def open_for_nhs_number(self, nhs_number: str) -> Document | None:
        """The oldest open referral of the same person, if any."""
        found = await self.find(
            {"person.nhs_number": nhs_number, "status": {"$nin": sorted(ENDED)}},
            sort=[("received_at", ASCENDING)],
            limit=1,
        )
        return found[0] if found else None

    async def change(
        self, referral_id: str, fields: Mapping[str, Any], history: Mapping[str, Any]
    ) -> None:
        """Set fields and append one line to the referral's history."""
        await self._collection.update_one(
            {"_id": referral_id},
            {"$set": dict(fields), "$push": {"history": dict(history)}},
            session=self._session,
        )

    async def waiting(self, limit: int) -> list[Document]:
        """Referrals waiting for capacity: urgent first, then the oldest."""
        return await self.find(
            {"status": Status.AWAITING_CAPACITY},
            sort=[("urgency", DESCENDING), ("received_at", ASCENDING)],
            limit=limit,
        )

    async def contact_overdue(self, now: datetime, limit: int) -> list[Document]:
        """Assigned referrals past their first-contact deadline, not yet contacted or flagged."""
        return await self.find(
            {
                "status": Status.ASSIGNED,
                "overdue_raised": False,
                "first_contact_at": None,
                "first_contact_due": {"$lte": now},
            },
            sort=[("first_contact_due", ASCENDING)],
            limit=limit,
        )

    async def mark_overdue(self, referral_id: str) -> bool:
        """Flag the overdue once; False when another worker already did."""
        result = await self._collection.update_one(
            {"_id": referral_id, "overdue_raised": False},
            {"$set": {"overdue_raised": True}},
            session=self._session,
        )
        return result.modified_count == 1

    async def count_by_status(self, filters: Mapping[str, Any]) -> dict[str, int]:
        pipeline = [{"$match": dict(filters)}, {"$group": {"_id": "$status", "n": {"$sum": 1}}}]
        cursor = await self._collection.aggregate(pipeline, session=self._session)
        return {row["_id"]: row["n"] async for row in cursor}
