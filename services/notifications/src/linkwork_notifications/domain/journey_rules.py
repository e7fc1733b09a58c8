"""Rules for journey and service-link events: the provider hears of a new link; the link
worker of the provider's answer (and the person, if they consented, that the service will be
in touch) and of an outcome follow-up falling due. When a link that held a place ends early,
the other side hears: the link worker when the provider ended it, the provider when the link
worker's side did (the link worker, their manager, or the journey's close)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.intents import LINK_WORKER, reminder, to_staff
from linkwork_notifications.domain.notification import (
    Audience,
    AudienceKind,
    Channel,
    NotificationIntent,
)
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinked,
    ServiceLinkEnded,
    ServiceLinkEndedPayload,
    ServiceLinkReminderDue,
)
from linkwork_schemas.journey import OutcomeFollowUpDue

Rule = Callable[[Any, CaseView], list[NotificationIntent]]
PROVIDER_CHANNELS = (Channel.EMAIL, Channel.IN_APP)


def service_linked(event: ServiceLinked, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    audience = Audience(AudienceKind.PROVIDER, p.organization_id, p.provider_email)
    context = {
        "link_id": p.link_id,
        "service_name": p.service_name,
        "need_domain": str(p.need_domain).replace("_", " ") if p.need_domain else None,
    }
    return [NotificationIntent(audience, PROVIDER_CHANNELS, "service_link_requested", context)]


def link_reminder(event: ServiceLinkReminderDue, _: CaseView) -> list[NotificationIntent]:
    """A link still unanswered: its provider is reminded, with the days left to answer."""
    p = event.payload
    audience = Audience(AudienceKind.PROVIDER, p.organization_id, p.provider_email)
    context = {
        "link_id": p.link_id,
        "service_name": p.service_name,
        "expires_at": p.expires_at,
        "last_notice": p.reminder == "two_days_left",
    }
    return [NotificationIntent(audience, PROVIDER_CHANNELS, "service_link_reminder", context)]


def link_outcome(template: str, remind_person: bool = False) -> Rule:
    def rule(event: ServiceLinkAccepted, case: CaseView) -> list[NotificationIntent]:
        p = event.payload
        if getattr(p, "declined_by", None) == "link_worker":
            return []  # the link worker ended it themselves: nothing to tell them
        service_name = case.service_name or "the service"
        facts: dict[str, Any] = {
            "link_id": p.link_id,
            "journey_id": p.journey_id,
            "service_name": service_name,
            "reason": getattr(p, "reason", None),
        }
        intents = [to_staff(LINK_WORKER, p.link_worker_id, template, **facts)]
        if remind_person:
            intents += reminder(case, "service_will_contact", service_name=service_name)
        return intents

    return rule


def link_ended(event: ServiceLinkEnded, case: CaseView) -> list[NotificationIntent]:
    """The side that did not end the link hears of it (a manager's end: both sides)."""
    p = event.payload
    facts: dict[str, Any] = {
        "link_id": p.link_id,
        "service_name": case.service_name or "the service",
        "attended_sessions": p.attended_sessions,
    }
    told = []
    if p.ended_by in ("provider", "manager"):
        told.append(_ended_to_link_worker(p, facts))
    if p.ended_by != "provider":
        told.append(_ended_to_provider(p, facts))
    return told


def _ended_to_link_worker(p: ServiceLinkEndedPayload, facts: dict[str, Any]) -> NotificationIntent:
    by = "the service" if p.ended_by == "provider" else "a manager"
    return to_staff(
        LINK_WORKER,
        p.link_worker_id,
        "service_link_ended",
        journey_id=p.journey_id,
        reason=p.reason,
        ended_by=by,
        **facts,
    )


def _ended_to_provider(p: ServiceLinkEndedPayload, facts: dict[str, Any]) -> NotificationIntent:
    audience = Audience(AudienceKind.PROVIDER, p.organization_id, p.provider_email)
    closed = p.ended_by == "journey_closed"
    # The journey's closing reason is the link worker's record, not the provider's business.
    context = {**facts, "reason": None if closed else p.reason, "journey_closed": closed}
    template = "service_link_ended_for_provider"
    return NotificationIntent(audience, PROVIDER_CHANNELS, template, context)


def follow_up_due(event: OutcomeFollowUpDue, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    return [
        to_staff(
            LINK_WORKER,
            p.link_worker_id,
            "outcome_follow_up_due",
            journey_id=p.journey_id,
            instrument=str(p.instrument),
            due_on=p.due_on.isoformat(),
            baseline_measured_on=p.baseline_measured_on.isoformat(),
        )
    ]
