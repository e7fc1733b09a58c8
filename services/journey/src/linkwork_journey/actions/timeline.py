"""Lines on a referral's timeline for the referral events that change nothing else (received,
overdue, closed...), so the story starts before the journey does."""

from __future__ import annotations

from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import Tx
from linkwork_schemas import Event


async def note(tx: Tx, event: Event) -> None:
    """The event's line on its referral's timeline."""
    referral_id = getattr(event.payload, "referral_id", None) or event.aggregate_id
    await tx.store.timeline.add_at_commit(entry(event, referral_id))
