"""Repository of the journeys the directory knows (its record of journey.events)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from linkwork_directory.domain.journeys import JourneyStatus
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

JOURNEYS = "journeys"


class Journeys(Repository):
    collection_name = JOURNEYS

    async def note_started(self, journey_id: str, journey: Mapping[str, Any]) -> None:
        """Keep a started journey; one already known (say, closed meanwhile) is left as it is."""
        await self._collection.update_one(
            {"_id": journey_id},
            {"$setOnInsert": dict(journey)},
            upsert=True,
            session=self._session,
        )

    async def close(self, journey_id: str, at: datetime, unseen: Mapping[str, Any]) -> None:
        """Mark a journey closed; one never seen to start is kept as `unseen`, closed."""
        await self._collection.update_one(
            {"_id": journey_id},
            {
                "$set": {"status": JourneyStatus.CLOSED.value, "closed_at": at},
                "$unset": {"person_for_provider": ""},  # no provider needs it any more
                "$setOnInsert": dict(unseen),
            },
            upsert=True,
            session=self._session,
        )

    async def hand_over(
        self, journey_id: str, owner: Mapping[str, Any], unseen: Mapping[str, Any]
    ) -> None:
        """Give a journey to its new link worker and team; one never seen to start is kept as
        `unseen`, with its new owner."""
        await self._collection.update_one(
            {"_id": journey_id},
            {"$set": dict(owner), "$setOnInsert": dict(unseen)},
            upsert=True,
            session=self._session,
        )

    async def for_providers(self, journey_ids: Iterable[str]) -> dict[str, Document]:
        """Each journey's referral and what a provider may be given of its person, one read."""
        found = await self.get_many(journey_ids)
        return {
            jid: {"referral_id": j.get("referral_id"), "person": j.get("person_for_provider")}
            for jid, j in found.items()
        }

    async def hold_open(self, journey_id: str, at: datetime) -> bool:
        """Write to the journey if it is open, inside the link's transaction: a close committing
        meanwhile then conflicts with the link (which is retried and refused) instead of
        missing it. False when the journey is not open."""
        result = await self._collection.update_one(
            {"_id": journey_id, "status": JourneyStatus.OPEN.value},
            {"$set": {"last_linked_at": at}},
            session=self._session,
        )
        return result.matched_count == 1
