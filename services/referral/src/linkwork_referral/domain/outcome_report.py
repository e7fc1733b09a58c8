"""The message back to the GP and referrer, shaped on the PRSB Social Prescribing standard
(needs and concerns; support offered, including activities referred to; outcomes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linkwork_schemas.common import SNOMED, Coding, Referrer
from linkwork_schemas.journey import JourneyClosedPayload
from linkwork_schemas.referral import OutcomeLine, ReferralOutcomeReportedPayload

REFERRED = Coding(
    system=SNOMED,
    code="871731000000106",
    display="Referral to social prescribing service (procedure)",
)
DECLINED = Coding(
    system=SNOMED, code="871711000000103", display="Social prescribing declined (situation)"
)

CLOSURE_WORDS = {
    "goals_met": "the person met their goals",
    "disengaged": "the person stopped engaging",
    "moved_away": "the person moved away",
    "declined_support": "the person declined further support",
    "transferred": "the person was transferred to another service",
    "died": "the person died",
}


def after_journey(
    referral_id: str, referrer: Referrer, nhs_number: str | None, closed: JourneyClosedPayload
) -> ReferralOutcomeReportedPayload:
    summary = closed.summary
    support = [OutcomeLine(text=f"Linked to {name}") for name in summary.services_linked]
    support += [OutcomeLine(text=f"Attended {name}") for name in summary.services_attended]
    outcomes = [OutcomeLine(text=f"Goal {g.status}: {g.description}") for g in summary.goals]
    for change in summary.measure_changes:
        moves = ", ".join(f"{scale} {delta:+g}" for scale, delta in change.change.items())
        outcomes.append(OutcomeLine(text=f"{change.instrument} change from baseline: {moves}"))
    why = CLOSURE_WORDS.get(closed.reason, closed.reason)
    return ReferralOutcomeReportedPayload(
        referral_id=referral_id,
        referrer=referrer,
        person_nhs_number=nhs_number,
        needs=summary.needs,
        support_offered=support,
        outcomes=outcomes,
        summary=f"Social prescribing ended after {summary.contacts} contacts: {why}.",
        codes=[REFERRED],
    )


def after_decline(
    referral_id: str, referrer: Referrer, nhs_number: str | None, reason: str
) -> ReferralOutcomeReportedPayload:
    return ReferralOutcomeReportedPayload(
        referral_id=referral_id,
        referrer=referrer,
        person_nhs_number=nhs_number,
        outcomes=[OutcomeLine(text=f"Declined: {reason}", code=DECLINED)],
        summary=f"The person declined social prescribing: {reason}.",
        codes=[REFERRED, DECLINED],
    )


def as_kept(report: ReferralOutcomeReportedPayload, *, reported_at: datetime) -> dict[str, Any]:
    """The message back as the referral keeps it, for whoever may see the referral (the
    referring practice among them): its JSON form and when it was reported."""
    return {**report.model_dump(mode="json"), "reported_at": reported_at}
