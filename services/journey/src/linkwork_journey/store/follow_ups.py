"""Follow-up measures falling due: one per journey and instrument at a time."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

PENDING = "pending"


class FollowUps(Repository):
    collection_name = "follow_ups"
    default_sort = (("due_at", ASCENDING),)  # the longest overdue first

    async def settle(self, filters: dict[str, Any], status: str) -> None:
        """Pending follow-ups matching `filters` are done with (measured, or journey closed)."""
        await self._collection.update_many(
            {**filters, "status": PENDING}, {"$set": {"status": status}}, session=self._session
        )

    async def hand_over(self, journey_id: str, owner: dict[str, Any]) -> None:
        """Pending follow-ups of a reassigned journey fall due to its new link worker."""
        await self._collection.update_many(
            {"journey_id": journey_id, "status": PENDING}, {"$set": owner}, session=self._session
        )

    async def due(self, now: datetime, limit: int) -> list[Document]:
        return await self.find({"status": PENDING, "due_at": {"$lte": now}}, limit=limit)

    async def mark_raised(self, follow_up_id: str) -> bool:
        """Raise once: False when another pass (or replica) already did."""
        result = await self._collection.update_one(
            {"_id": follow_up_id, "status": PENDING},
            {"$set": {"status": "raised"}},
            session=self._session,
        )
        return result.modified_count == 1
