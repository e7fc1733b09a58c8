"""Turning a GP system's submission into a referral: identity, duplicates, the event payload."""

from __future__ import annotations

from datetime import datetime

from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import ReferralReceivedPayload


def source_key(submission: ReferralSubmission) -> str:
    """The identity a sending system gives a referral: one referral however often it is sent."""
    return f"{submission.source_system}:{submission.source_referral_id}"


def received(
    submission: ReferralSubmission,
    referral_id: str,
    now: datetime,
    possible_duplicate_of: str | None = None,
) -> ReferralReceivedPayload:
    return ReferralReceivedPayload(
        referral_id=referral_id,
        source_system=submission.source_system,
        source_referral_id=submission.source_referral_id,
        route=submission.route,
        urgency=submission.urgency,
        referrer=submission.referrer,
        person=submission.patient,
        reasons=submission.reasons,
        notes=submission.notes,
        received_at=now,
        possible_duplicate_of=possible_duplicate_of,
    )


def initial_status(possible_duplicate_of: str | None) -> str:
    """A second referral of someone with an open case waits for the link worker to review it."""
    return "possible_duplicate" if possible_duplicate_of else "received"
