"""Composition root of the journey service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI

from linkwork_journey import handlers, jobs
from linkwork_journey.api import routers
from linkwork_journey.domain.services import LINK_EVENTS
from linkwork_journey.settings import Settings
from linkwork_journey.store import INDEXES, Store
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import Event, events_on, topics
from linkwork_schemas.referral import (
    PersonDetailsCorrected,
    ReferralAccepted,
    ReferralAssigned,
    ReferralUpdated,
)

Handlers = dict[type[Event], Callable[..., Awaitable[None]]]
REFERRAL_HANDLERS: Handlers = {
    # Every referral event is a line on its timeline; acceptance and assignment do more.
    **{cls: handlers.on_referral_event for cls in events_on(topics.REFERRAL_EVENTS)},
    ReferralAccepted: handlers.on_referral_accepted,
    ReferralAssigned: handlers.on_referral_assigned,
    PersonDetailsCorrected: handlers.on_person_corrected,
    ReferralUpdated: handlers.on_person_corrected,
}
LINK_HANDLERS: Handlers = {cls: handlers.on_service_link_event for cls in LINK_EVENTS}


def definition(settings: Settings) -> ServiceDefinition:
    deps: dict[str, Any] = {"settings": settings}
    referral_events = event_subscription(
        "referral-events", topics.REFERRAL_EVENTS, REFERRAL_HANDLERS, dependencies=deps
    )
    directory_events = event_subscription(
        "directory-events", topics.DIRECTORY_EVENTS, LINK_HANDLERS, dependencies=deps
    )
    return ServiceDefinition(
        settings=settings,
        title="Linkwork journey service",
        description="The person's journey: contacts, needs, goals, outcome measures.",
        store=Store,
        indexes=INDEXES,
        subscriptions=[referral_events, directory_events],
        routers=routers,
        publishes=[topics.JOURNEY_EVENTS],
        workers=[
            every(
                settings.follow_up_check_seconds, jobs.raise_follow_ups_due, "journey.follow_up_due"
            ),
            every(
                settings.lone_working_check_seconds,
                jobs.raise_lone_workers_overdue,
                "journey.lone_worker_overdue",
            ),
        ],
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(definition(settings or Settings()))
