"""Repository of the appointments booked on journeys, as far as reminders need them: which
event scheduled each (its reminder's source), so a cancellation finds the reminder; and, for a
lone-working visit, which event alerted the managers that it is overdue, so that a late
check-out closes that alert."""

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

    async def note_overdue(self, appointment_id: str, overdue_event_id: str) -> bool:
        """Record the LoneWorkerOverdue that alerted the managers of a visit; False when an
        earlier one already had (in the consumer's transaction: a read, then a write)."""
        doc = await self.get(appointment_id)
        if doc is not None and doc.get("overdue_event_id"):
            return False
        await self._collection.update_one(
            {"_id": appointment_id},
            {"$set": {"overdue_event_id": overdue_event_id}},
            upsert=True,
            session=self._session,
        )
        return True

    async def overdue_event(self, appointment_id: str) -> str | None:
        """The id of the LoneWorkerOverdue that alerted the managers of it, if any."""
        doc = await self.get(appointment_id)
        found = doc.get("overdue_event_id") if doc else None
        return str(found) if found else None

    async def scheduled_event(self, appointment_id: str) -> str | None:
        """The id of the ContactScheduled event that booked it, if it was seen."""
        doc = await self.get(appointment_id)
        found = doc.get("scheduled_event_id") if doc else None
        return str(found) if found else None
