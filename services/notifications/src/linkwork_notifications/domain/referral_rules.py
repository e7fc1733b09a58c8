"""Rules for referral events: the link worker hears of an assignment (and the person, if
they consented, that a link worker will be in touch); the team's managers of a referral waiting
for capacity; every manager of a referral awaiting triage; both of a missed first contact; the
referring practice gets the message back."""

from __future__ import annotations

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.intents import (
    LINK_WORKER,
    TEAM,
    TRIAGE,
    UNASSIGNED_TEAM,
    reminder,
    to_staff,
)
from linkwork_notifications.domain.notification import (
    Audience,
    AudienceKind,
    Channel,
    NotificationIntent,
)
from linkwork_schemas.referral import (
    ReferralAssigned,
    ReferralAwaitingCapacity,
    ReferralAwaitingTriage,
    ReferralContactOverdue,
    ReferralOutcomeReported,
    ReferralUpdated,
    ReferralWithdrawn,
)


def referral_assigned(event: ReferralAssigned, case: CaseView) -> list[NotificationIntent]:
    p = event.payload
    due = p.first_contact_due.isoformat() if p.first_contact_due else None
    return [
        to_staff(
            LINK_WORKER,
            p.link_worker_id,
            "referral_assigned",
            referral_id=p.referral_id,
            first_contact_due=due,
            reassigned=p.reassigned_from is not None,
        ),
        *reminder(case, "link_worker_will_contact", first_contact_due=due),
    ]


def awaiting_capacity(event: ReferralAwaitingCapacity, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    return [
        to_staff(
            TEAM,
            p.team_id or UNASSIGNED_TEAM,
            "referral_awaiting_capacity",
            referral_id=p.referral_id,
            practice_ods=p.practice_ods,
            urgency=str(p.urgency),
            waiting_since=p.waiting_since.date().isoformat(),
        )
    ]


def awaiting_triage(event: ReferralAwaitingTriage, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    return [
        to_staff(
            TEAM,
            TRIAGE,
            "referral_awaiting_triage",
            referral_id=p.referral_id,
            route=str(p.route),
            urgency=str(p.urgency),
            waiting_since=p.waiting_since.date().isoformat(),
        )
    ]


def contact_overdue(event: ReferralContactOverdue, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    facts = {
        "referral_id": p.referral_id,
        "link_worker_id": p.link_worker_id,
        "first_contact_due": p.first_contact_due.isoformat(),
    }
    return [
        to_staff(LINK_WORKER, p.link_worker_id, "referral_contact_overdue", **facts),
        to_staff(TEAM, p.team_id or UNASSIGNED_TEAM, "referral_contact_overdue", **facts),
    ]


def outcome_reported(event: ReferralOutcomeReported, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    if not p.referrer.ods_code and not p.referrer.email:
        return []
    practice = (p.referrer.ods_code or "unknown").upper()
    audience = Audience(AudienceKind.PRACTICE, practice, p.referrer.email)
    context = {
        "referral_id": p.referral_id,
        "referrer": p.referrer.model_dump(mode="json"),
        "nhs_number": p.person_nhs_number,
        "needs": [str(need).replace("_", " ") for need in p.needs],
        "support_offered": [line.model_dump(mode="json") for line in p.support_offered],
        "outcomes": [line.model_dump(mode="json") for line in p.outcomes],
        "summary": p.summary,
        "codes": [code.model_dump(mode="json") for code in p.codes],
    }
    channels = (Channel.EMAIL, Channel.IN_APP)
    return [NotificationIntent(audience, channels, "referral_outcome_reported", context)]


def referral_withdrawn(event: ReferralWithdrawn, case: CaseView) -> list[NotificationIntent]:
    """Whoever works on the referral hears it was withdrawn, unless they withdrew it."""
    p = event.payload
    if case.link_worker_id and p.withdrawn_by == case.link_worker_id:
        return []
    by = "the referrer" if p.withdrawn_by.startswith("referrer:") else p.withdrawn_by
    facts = {"referral_id": p.referral_id, "reason": p.reason, "by": by}
    return _to_owner(case, "referral_withdrawn", **facts)


def referral_updated(event: ReferralUpdated, case: CaseView) -> list[NotificationIntent]:
    """The referrer changed the referral: whoever works on it hears what changed (names only)."""
    p = event.payload
    fields = ", ".join(f.removeprefix("person.").replace("_", " ") for f in p.fields)
    return _to_owner(case, "referral_updated", referral_id=p.referral_id, fields=fields)


def _to_owner(case: CaseView, template: str, **context: object) -> list[NotificationIntent]:
    """The referral's link worker, or before there is one its team's managers; nobody when it
    has neither yet (received, not routed: nobody works on it to be told)."""
    if case.link_worker_id:
        return [to_staff(LINK_WORKER, case.link_worker_id, template, **context)]
    if case.team_id:
        return [to_staff(TEAM, case.team_id, template, **context)]
    return []
