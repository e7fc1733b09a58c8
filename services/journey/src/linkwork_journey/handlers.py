"""Handlers of events the journey service consumes."""

from __future__ import annotations

from linkwork_journey.domain.timeline import describe
from linkwork_journey.store import Timeline
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.referral import ReferralReceived


async def on_referral_received(event: ReferralReceived, tx: Transaction) -> None:
    """Note the referral on its timeline, so the story starts before the journey does."""
    await Timeline(tx.db, tx.session).add(
        {
            "_id": str(event.event_id),
            "referral_id": event.payload.referral_id,
            "event_type": event.event_type,
            "occurred_at": event.occurred_at,
            "text": describe(event),
            "producer": event.producer,
        }
    )
