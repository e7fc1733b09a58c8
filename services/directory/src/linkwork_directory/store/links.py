"""Repository of links of people to services."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from linkwork_directory.domain.links import OPEN, LinkStatus
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

LINKS = "links"


class Links(Repository):
    collection_name = LINKS

    async def move(
        self, link_id: str, expected: str, fields: Mapping[str, Any], history: Mapping[str, Any]
    ) -> bool:
        """Change a link only if it is still `expected`; False when someone got there first."""
        result = await self._collection.update_one(
            {"_id": link_id, "status": expected},
            {"$set": dict(fields), "$push": {"history": dict(history)}},
            session=self._session,
        )
        return result.modified_count == 1

    async def open_for_journey(self, journey_id: str) -> list[Document]:
        """Links of a journey still waiting for an answer or holding a place."""
        cursor = self._collection.find(
            {"journey_id": journey_id, "status": {"$in": sorted(OPEN)}}, session=self._session
        )
        return await cursor.to_list()

    async def open_to_service(self, journey_id: str, service_id: str) -> list[Document]:
        """The journey's links to this service still waiting for an answer or holding a place."""
        return await self.find(
            {"journey_id": journey_id, "service_id": service_id, "status": {"$in": sorted(OPEN)}}
        )

    async def note_attendance(self, link_id: str, day: str) -> None:
        await self._collection.update_one(
            {"_id": link_id}, {"$push": {"attendances": day}}, session=self._session
        )

    async def reminders_due(self, now: datetime, limit: int) -> list[Document]:
        """Pending links whose next reminder to the provider has come, oldest first."""
        return await self.find(
            {"status": LinkStatus.PENDING, "next_reminder_at": {"$lte": now}},
            sort=(("next_reminder_at", 1),),
            limit=limit,
        )

    async def remind(self, link_id: str, at: datetime, then: datetime | None, sent: str) -> bool:
        """Take the reminder due `at` (once: False when another pass, a replica or an answer
        got there first) and plan the next one."""
        result = await self._collection.update_one(
            {"_id": link_id, "status": LinkStatus.PENDING, "next_reminder_at": at},
            {"$set": {"next_reminder_at": then}, "$push": {"reminders_sent": sent}},
            session=self._session,
        )
        return result.modified_count == 1

    async def unanswered_by(self, now: datetime, limit: int) -> list[Document]:
        """Pending links whose answer was due by `now`, oldest first."""
        return await self.find(
            {"status": LinkStatus.PENDING, "expires_at": {"$lte": now}},
            sort=(("expires_at", 1),),
            limit=limit,
        )

    async def outcomes(self, organization_ids: Iterable[str], since: datetime) -> list[Document]:
        return await self.find(
            {
                "organization_id": {"$in": sorted(set(organization_ids))},
                "linked_at": {"$gte": since},
            },
            projection={"organization_id": 1, "status": 1, "linked_at": 1, "answered_at": 1},
        )
