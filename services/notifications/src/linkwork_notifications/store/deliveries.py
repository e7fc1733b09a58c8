"""Repository of deliveries: one per (event, recipient, channel), the unit the dispatcher sends.

A delivery is `pending` until a dispatcher claims it (`sending`, with a lease so a crashed
dispatcher's work is picked up again), then `sent` or `failed`; a reminder no longer wanted, or
too late to be of use, is `cancelled` instead (never sent). Every attempt is kept; the address
and the message are removed once the delivery is final (data minimisation).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pymongo import ASCENDING, DESCENDING, ReturnDocument

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

DELIVERIES = "deliveries"
PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"
CANCELLED = "cancelled"


class Deliveries(Repository):
    collection_name = DELIVERIES
    default_sort = (("created_at", DESCENDING),)

    async def claim_due(self, now: datetime, holder: str, lease: timedelta) -> Document | None:
        """Take a delivery whose sender's lease ran out, else the next one that is due.

        Two point reads on their own indexes, not one `$or`: the embedded server answers an
        `$or` by reading every delivery ever made (330 ms at 4,000), and the dispatcher asks
        this every poll."""
        take = {"$set": {"status": SENDING, "holder": holder, "lease_until": now + lease}}
        for due, order in (
            ({"status": SENDING, "lease_until": {"$lt": now}}, "lease_until"),
            ({"status": PENDING, "not_before": {"$lte": now}}, "not_before"),
        ):
            claimed = await self._collection.find_one_and_update(
                due,
                take,
                sort=[(order, ASCENDING)],
                return_document=ReturnDocument.AFTER,
                session=self._session,
            )
            if claimed is not None:
                return claimed
        return None

    async def renew(self, notification_id: str, holder: str, until: datetime) -> bool:
        """Extend the lease `holder` still holds; False once another dispatcher has it."""
        result = await self._collection.update_one(
            {"_id": notification_id, "status": SENDING, "holder": holder},
            {"$set": {"lease_until": until}},
            session=self._session,
        )
        return result.matched_count == 1

    async def add_attempt(self, notification_id: str, attempt: Document) -> None:
        await self._collection.update_one(
            {"_id": notification_id}, {"$push": {"attempts": attempt}}, session=self._session
        )

    async def postpone(self, notification_id: str, holder: str, until: datetime) -> None:
        await self._collection.update_one(
            {"_id": notification_id, "holder": holder},
            {"$set": {"status": PENDING, "not_before": until}, "$unset": _LEASE},
            session=self._session,
        )

    async def release(self, holder: str) -> None:
        """A dispatcher stopping hands back what it had not finished."""
        await self._collection.update_many(
            {"status": SENDING, "holder": holder},
            {"$set": {"status": PENDING}, "$unset": _LEASE},
            session=self._session,
        )

    async def finish(self, notification_id: str, holder: str, fields: Document) -> Document | None:
        """Make a delivery final if this dispatcher still holds it; None if it does not."""
        return await self._collection.find_one_and_update(
            {"_id": notification_id, "status": SENDING, "holder": holder},
            {"$set": fields, "$unset": {**_LEASE, **_PERSONAL}},
            return_document=ReturnDocument.AFTER,
            session=self._session,
        )

    async def cancel_pending(self, filters: dict[str, Any], reason: str, at: datetime) -> int:
        """Withdraw what matches `filters` and no dispatcher has taken yet; how many."""
        result = await self._collection.update_many(
            {**filters, "status": PENDING},
            {
                "$set": {"status": CANCELLED, "cancelled_at": at, "cancellation_reason": reason},
                "$unset": _PERSONAL,
            },
            session=self._session,
        )
        return result.modified_count

    async def any_gone_out(self, source_event_id: str, recipient_id: str) -> bool:
        """Whether the event's message to the recipient was sent, or is being sent right now."""
        found = await self._collection.find_one(
            {
                "source_event_id": source_event_id,
                "recipient_id": recipient_id,
                "status": {"$in": [SENDING, SENT]},
            },
            session=self._session,
        )
        return found is not None


_LEASE = {"holder": "", "lease_until": ""}
_PERSONAL = {"address": "", "message": ""}
