"""Turning a GP system's submission into a referral."""

from __future__ import annotations

from datetime import datetime

from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import ReferralReceivedPayload


def source_key(submission: ReferralSubmission) -> str:
    """The identity a sending system gives a referral: one referral however often it is sent."""
    return f"{submission.source_system}:{submission.source_referral_id}"


def received(
    submission: ReferralSubmission, referral_id: str, now: datetime
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
    )
