"""MongoDB repositories of timeline entries and journeys, and their indexes."""

from __future__ import annotations

from typing import Any

from pymongo import ASCENDING, DESCENDING, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime import mongo
from linkwork_runtime.mongo import Document

TIMELINE = "timeline_entries"
JOURNEYS = "journeys"
FOLLOW_UPS = "follow_ups"

INDEXES = {
    TIMELINE: [IndexModel([("referral_id", ASCENDING), ("occurred_at", ASCENDING)])],
    JOURNEYS: [
        # One journey per referral, whatever the broker redelivers.
        IndexModel([("referral_id", ASCENDING)], unique=True),
        IndexModel([("link_worker_id", ASCENDING), ("status", ASCENDING)]),
        IndexModel([("team_id", ASCENDING), ("status", ASCENDING)]),
    ],
    FOLLOW_UPS: [IndexModel([("status", ASCENDING), ("due_at", ASCENDING)])],
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


class Journeys:
    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._collection = db[JOURNEYS]
        self._session = session

    async def get(self, journey_id: str) -> Document | None:
        return await self._collection.find_one({"_id": journey_id}, session=self._session)

    async def by_referral(self, referral_id: str) -> Document | None:
        return await self._collection.find_one({"referral_id": referral_id}, session=self._session)

    async def add(self, journey: Document) -> None:
        await self._collection.insert_one(journey, session=self._session)

    async def change(
        self, journey_id: str, fields: dict[str, Any], push: dict[str, Any] | None = None
    ) -> None:
        """Set fields and append to the journey's lists (history, contacts, ...)."""
        update: dict[str, Any] = {"$set": fields} if fields else {}
        if push:
            update["$push"] = push
        await self._collection.update_one({"_id": journey_id}, update, session=self._session)

    async def page(
        self, filters: dict[str, Any], skip: int, limit: int
    ) -> tuple[list[Document], int]:
        """One page of the journeys matching `filters`, newest first, and how many match."""
        order = [("started_at", DESCENDING), ("_id", ASCENDING)]
        return await mongo.page(
            self._collection, filters, sort=order, skip=skip, limit=limit, session=self._session
        )


class FollowUps:
    """Follow-up measures falling due: one per journey and instrument at a time."""

    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._collection = db[FOLLOW_UPS]
        self._session = session

    async def schedule(self, follow_up: Document) -> None:
        await self._collection.replace_one(
            {"_id": follow_up["_id"]}, follow_up, upsert=True, session=self._session
        )

    async def settle(self, filters: dict[str, Any], status: str) -> None:
        """Pending follow-ups matching `filters` are done with (measured, or journey closed)."""
        await self._collection.update_many(
            {**filters, "status": "pending"}, {"$set": {"status": status}}, session=self._session
        )

    async def hand_over(self, journey_id: str, owner: dict[str, Any]) -> None:
        """Pending follow-ups of a reassigned journey fall due to its new link worker."""
        await self._collection.update_many(
            {"journey_id": journey_id, "status": "pending"},
            {"$set": owner},
            session=self._session,
        )

    async def due(self, now: Any, limit: int) -> list[Document]:
        cursor = self._collection.find(
            {"status": "pending", "due_at": {"$lte": now}}, session=self._session
        )
        return await cursor.limit(limit).to_list()

    async def mark_raised(self, follow_up_id: str) -> bool:
        """Raise once: False when another pass (or replica) already did."""
        result = await self._collection.update_one(
            {"_id": follow_up_id, "status": "pending"},
            {"$set": {"status": "raised"}},
            session=self._session,
        )
        return result.modified_count == 1
