"""Repository of the appointments booked on journeys, as far as reminders need them: which
event scheduled each (its reminder's source), so a cancellation finds the reminder."""

from __future__ import annotations

from linkwork_runtime.repository import Repository

APPOINTMENTS = "appointments"


class Appointments(Repository):
    collection_name = APPOINTMENTS

    async def note(self, appointment_id: str, scheduled_event_id: str) -> None:
        await self._collection.update_one(
            {"_id": appointment_id},
            {"$set": {"scheduled_event_id": scheduled_event_id}},
            upsert=True,
            session=self._session,
        )

    async def scheduled_event(self, appointment_id: str) -> str | None:
        """The id of the ContactScheduled event that booked it, if it was seen."""
        doc = await self.get(appointment_id)
        return str(doc["scheduled_event_id"]) if doc else None
