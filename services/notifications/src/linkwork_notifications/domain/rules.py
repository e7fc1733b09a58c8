"""Who must be told what, by which channel: one pure rule per event type (an event without a
rule tells nobody). Staff hear in-app and by e-mail; the provider of a service and the referring
practice by e-mail (and in-app); the person referred only of an upcoming contact (a link
worker's or a service's first call, a booked appointment and its cancellation), only by the
channel they chose and consented to, never in quiet hours (applied when planning delivery).
Safety alerts (a safeguarding concern, a lone worker overdue) are urgent: at once, any hour."""

from __future__ import annotations

from linkwork_notifications.domain import (
    appointment_rules,
    journey_rules,
    referral_rules,
    safety_rules,
)
from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.journey_rules import Rule, link_outcome
from linkwork_notifications.domain.notification import NotificationIntent
from linkwork_schemas import Event
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
    ServiceLinkExpired,
    ServiceLinkReminderDue,
)
from linkwork_schemas.journey import (
    ContactCancelled,
    ContactScheduled,
    LoneWorkerCheckedOut,
    LoneWorkerOverdue,
    OutcomeFollowUpDue,
    SafeguardingConcernRaised,
)
from linkwork_schemas.notification import SafeguardingConcernEscalated
from linkwork_schemas.referral import (
    ReferralAssigned,
    ReferralAwaitingCapacity,
    ReferralAwaitingTriage,
    ReferralContactOverdue,
    ReferralOutcomeReported,
    ReferralUpdated,
    ReferralWithdrawn,
)

RULES: dict[type[Event], Rule] = {
    ReferralAssigned: referral_rules.referral_assigned,
    ReferralAwaitingCapacity: referral_rules.awaiting_capacity,
    ReferralAwaitingTriage: referral_rules.awaiting_triage,
    ReferralContactOverdue: referral_rules.contact_overdue,
    ReferralOutcomeReported: referral_rules.outcome_reported,
    ReferralWithdrawn: referral_rules.referral_withdrawn,
    ReferralUpdated: referral_rules.referral_updated,
    ServiceLinked: journey_rules.service_linked,
    ServiceLinkAccepted: link_outcome("service_link_accepted", remind_person=True),
    ServiceLinkDeclined: link_outcome("service_link_declined"),
    ServiceLinkEnded: journey_rules.link_ended,
    ServiceLinkExpired: link_outcome("service_link_expired"),
    ServiceLinkReminderDue: journey_rules.link_reminder,
    OutcomeFollowUpDue: journey_rules.follow_up_due,
    ContactScheduled: appointment_rules.contact_scheduled,
    ContactCancelled: appointment_rules.contact_cancelled,
    SafeguardingConcernRaised: safety_rules.concern_raised,
    # Raised by this service's own escalation timer, not consumed: who hears of it all the same.
    SafeguardingConcernEscalated: safety_rules.concern_escalated,
    LoneWorkerOverdue: safety_rules.lone_worker_overdue,
    LoneWorkerCheckedOut: safety_rules.lone_worker_checked_out,
}


def notifications_for(event: Event, case: CaseView) -> list[NotificationIntent]:
    """Every notification an event calls for; none for events nobody needs to hear about."""
    rule = RULES.get(type(event))
    return rule(event, case) if rule else []
