"""Visits a link worker makes alone, from check-in to check-out: `in` (checked in), `overdue`
(no check-out by the grace period after the expected end: LoneWorkerOverdue raised), `out`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

IN, OVERDUE, OUT = "in", "overdue", "out"


class LoneVisits(Repository):
    collection_name = "lone_visits"
    default_sort = (("due_at", ASCENDING),)  # the longest overdue first

    async def overdue(self, now: datetime, limit: int) -> list[Document]:
        """Checked-in visits past their grace period, not yet raised."""
        return await self.find({"status": IN, "due_at": {"$lte": now}}, limit=limit)

    async def mark(self, visit_id: str, was: str, now: str, fields: dict[str, Any]) -> bool:
        """Move a visit from `was` to `now`: False when another pass, replica or request
        moved it first (so an alert is raised, or a check-out recorded, once)."""
        result = await self._collection.update_one(
            {"_id": visit_id, "status": was},
            {"$set": {"status": now, **fields}},
            session=self._session,
        )
        return result.modified_count == 1
