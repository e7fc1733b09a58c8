"""Journeys: one per accepted referral, with its history, contacts, goals and measures."""

from __future__ import annotations

from datetime import date
from typing import Any

from pymongo import ASCENDING, DESCENDING

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository


class Journeys(Repository):
    collection_name = "journeys"
    default_sort = (("started_at", DESCENDING), ("_id", ASCENDING))  # newest first

    async def by_referral(self, referral_id: str) -> Document | None:
        return await self.find_one({"referral_id": referral_id})

    async def with_flags_due(self, filters: dict[str, Any], today: date) -> list[Document]:
        """The journeys matching `filters` with an active risk flag to review by `today`."""
        due = {"status": "active", "review_on": {"$lte": today.isoformat()}}
        return await self.find({**filters, "risk_flags": {"$elemMatch": due}})

    async def change(
        self, journey_id: str, fields: dict[str, Any], push: dict[str, Any] | None = None
    ) -> None:
        """Set fields and append to the journey's lists (history, contacts, ...)."""
        update: dict[str, Any] = {"$set": fields} if fields else {}
        if push:
            update["$push"] = push
        await self._collection.update_one({"_id": journey_id}, update, session=self._session)
