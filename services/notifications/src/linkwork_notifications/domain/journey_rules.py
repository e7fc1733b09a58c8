"""Rules for journey and service-link events: the provider hears of a new link; the link
worker of the provider's answer (and the person, if they consented, that the service will be
in touch) and of an outcome follow-up falling due."""

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
from linkwork_schemas.directory import ServiceLinkAccepted, ServiceLinked
from linkwork_schemas.journey import OutcomeFollowUpDue

Rule = Callable[[Any, CaseView], list[NotificationIntent]]


def service_linked(event: ServiceLinked, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    audience = Audience(AudienceKind.PROVIDER, p.organization_id, p.provider_email)
    context = {
        "link_id": p.link_id,
        "service_name": p.service_name,
        "need_domain": str(p.need_domain).replace("_", " ") if p.need_domain else None,
    }
    channels = (Channel.EMAIL, Channel.IN_APP)
    return [NotificationIntent(audience, channels, "service_link_requested", context)]


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
            "ended": getattr(p, "after_acceptance", False),  # ended after it was accepted
        }
        intents = [to_staff(LINK_WORKER, p.link_worker_id, template, **facts)]
        if remind_person:
            intents += reminder(case, "service_will_contact", service_name=service_name)
        return intents

    return rule


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
