"""What a link worker reads on a timeline: one line per event, in words."""

from __future__ import annotations

from linkwork_schemas import Event
from linkwork_schemas.referral import ReferralReceived


def describe(event: Event) -> str:
    if isinstance(event, ReferralReceived):
        p = event.payload
        practice = p.referrer.organisation_name or p.referrer.ods_code or "an unknown referrer"
        reasons = "; ".join(reason.text for reason in p.reasons)
        return f"Referral received from {practice} ({p.urgency}): {reasons}"
    return event.event_type
