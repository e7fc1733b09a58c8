"""What a link worker reads on a timeline: one line per event, in words."""

from __future__ import annotations

from typing import Any

from linkwork_schemas import Event
from linkwork_schemas.journey import JourneyStarted
from linkwork_schemas.referral import ReferralAccepted, ReferralReceived


def describe(event: Event) -> str:
    if isinstance(event, ReferralReceived):
        p = event.payload
        practice = p.referrer.organisation_name or p.referrer.ods_code or "an unknown referrer"
        reasons = "; ".join(reason.text for reason in p.reasons)
        return f"Referral received from {practice} ({p.urgency}): {reasons}"
    if isinstance(event, ReferralAccepted):
        return f"Referral accepted by link worker {event.payload.link_worker_id}"
    if isinstance(event, JourneyStarted):
        return "Journey started"
    return event.event_type


def entry(event: Event, referral_id: str) -> dict[str, Any]:
    """The timeline entry of one event on a referral's story, keyed by the event's id."""
    return {
        "_id": str(event.event_id),
        "referral_id": referral_id,
        "event_type": event.event_type,
        "occurred_at": event.occurred_at,
        "text": describe(event),
        "producer": event.producer,
    }
