"""Repository of safeguarding concerns as this service follows them: raised (from the
journey's SafeguardingConcernRaised), then acknowledged by a lead or manager, or escalated
when nobody has for SAFEGUARDING_ESCALATE_HOURS. Ids and times only: what the concern is stays
on the journey.

A concern's `status` is where it stands now: `open`, `escalated` (still unacknowledged, every
manager told) or `acknowledged` (an escalated one keeps its `escalated_at`). Each change is a
conditional update on the status it leaves, so two callers, two passes or two replicas never
both make it: an update and a read by id, never a `findAndModify` (SecantusDB scans the whole
collection for one)."""

from __future__ import annotations

from datetime import datetime

from pymongo import ASCENDING, DESCENDING

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

CONCERNS = "safeguarding_concerns"
OPEN, ACKNOWLEDGED, ESCALATED = "open", "acknowledged", "escalated"
STATUSES = (OPEN, ACKNOWLEDGED, ESCALATED)


class Concerns(Repository):
    collection_name = CONCERNS
    default_sort = (("raised_at", DESCENDING),)

    async def open(self, concern: Document) -> bool:
        """Record a concern raised; one already known (raised again) is left as it stands,
        and False says so."""
        facts = {key: value for key, value in concern.items() if key != "_id"}
        result = await self._collection.update_one(
            {"_id": concern["_id"]},
            {"$setOnInsert": {**facts, "status": OPEN}},
            upsert=True,
            session=self._session,
        )
        return result.upserted_id is not None

    async def acknowledge(self, concern_id: str, by: str, at: datetime) -> bool:
        """Acknowledged by `by` now; False when it already was."""
        result = await self._collection.update_one(
            {"_id": concern_id, "status": {"$in": [OPEN, ESCALATED]}},
            {"$set": {"status": ACKNOWLEDGED, "acknowledged_by": by, "acknowledged_at": at}},
            session=self._session,
        )
        return result.modified_count == 1

    async def escalate(self, concern_id: str, at: datetime) -> bool:
        """Escalated now; False when it no longer is open (acknowledged, or escalated by
        another pass or replica)."""
        result = await self._collection.update_one(
            {"_id": concern_id, "status": OPEN},
            {"$set": {"status": ESCALATED, "escalated_at": at}},
            session=self._session,
        )
        return result.modified_count == 1

    async def unacknowledged_since(self, raised_before: datetime, limit: int) -> list[Document]:
        """Open concerns raised before `raised_before`, the oldest first."""
        return await self.find(
            {"status": OPEN, "raised_at": {"$lte": raised_before}},
            sort=[("raised_at", ASCENDING)],
            limit=limit,
        )
