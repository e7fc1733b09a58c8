"""Handing a journey over: a referral reassigned after its journey started takes the open
journey (and its follow-ups still due) to the new link worker and team; a correction of the
referral's person is copied onto its journey."""

from __future__ import annotations

from linkwork_journey.actions import timeline
from linkwork_journey.domain import journey
from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import Tx
from linkwork_schemas.journey import JourneyReassigned
from linkwork_schemas.referral import (
    PersonDetailsCorrected,
    ReferralAssigned,
    ReferralUpdated,
    ReferralUpdatedPayload,
)


async def hand_over(tx: Tx, assigned: ReferralAssigned) -> JourneyReassigned | None:
    """A line on the timeline, and JourneyReassigned when the assignment moves the journey
    (None before the journey starts, once it is closed, or to its own link worker)."""
    referral_id = assigned.payload.referral_id
    await timeline.note(tx, assigned)
    current = await tx.store.journeys.by_referral(referral_id)
    payload = journey.reassignment(current, assigned.payload) if current else None
    if payload is None:
        return None
    moved = await tx.record(
        JourneyReassigned, aggregate_id=payload.journey_id, payload=payload, caused_by=assigned
    )
    owner, line = journey.handed_over(moved)
    await tx.store.journeys.change(payload.journey_id, owner, push={"history": line})
    await tx.store.follow_ups.hand_over(payload.journey_id, owner)
    await tx.store.timeline.add_at_commit(entry(moved, referral_id))
    return moved


async def correct_person(tx: Tx, corrected: PersonDetailsCorrected | ReferralUpdated) -> None:
    """The referral's person corrected (by the link worker, or in the referrer's update): the
    journey's copy follows, and the timeline says so."""
    p = corrected.payload
    await timeline.note(tx, corrected)
    if isinstance(p, ReferralUpdatedPayload) and not any(f.startswith("person.") for f in p.fields):
        return
    current = await tx.store.journeys.by_referral(p.referral_id)
    if current is not None:
        line = {
            "event_id": str(corrected.event_id),
            "event_type": corrected.event_type,
            "at": corrected.occurred_at,
            "by": p.updated_by if isinstance(p, ReferralUpdatedPayload) else p.corrected_by,
            "fields": p.fields,
        }
        person = p.person.model_dump(mode="json")
        await tx.store.journeys.change(current["_id"], {"person": person}, push={"history": line})
