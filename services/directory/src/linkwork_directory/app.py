"""Composition root of the directory service: store, routes, timers, journey.events and the
consents on referral.events."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_directory import handlers, jobs
from linkwork_directory.api import ROUTERS
from linkwork_directory.dev.demo import seed_if_empty
from linkwork_directory.settings import Settings
from linkwork_directory.store import INDEXES, Store
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import topics
from linkwork_schemas.journey import JourneyClosed, JourneyReassigned, JourneyStarted
from linkwork_schemas.referral import ConsentRecorded, ConsentWithdrawn


def definition(settings: Settings) -> ServiceDefinition:
    deps = {"settings": settings}
    journey_events = event_subscription(
        "journey-events",
        topics.JOURNEY_EVENTS,
        {
            JourneyStarted: handlers.on_journey_started,
            JourneyReassigned: handlers.on_journey_reassigned,
            JourneyClosed: handlers.on_journey_closed,
        },
        dependencies=deps,
    )
    # Only the person's consents: whether a provider may be given their first name and contact.
    referral_events = event_subscription(
        "referral-events",
        topics.REFERRAL_EVENTS,
        {
            ConsentRecorded: handlers.on_consent_changed,
            ConsentWithdrawn: handlers.on_consent_changed,
        },
        dependencies=deps,
    )
    link_expiry = every(
        settings.link_expiry_check_seconds, jobs.expire_unanswered, "directory.link_expiry"
    )
    reminders = every(
        settings.link_expiry_check_seconds, jobs.remind_providers, "directory.link_reminders"
    )
    return ServiceDefinition(
        settings=settings,
        title="Linkwork directory service",
        description="Local services (Open Referral UK 3.0), links of people to services "
        "with provider answers and capacity, unmet needs.",
        store=Store,
        indexes=INDEXES,
        routers=ROUTERS,
        workers=[seed_if_empty, link_expiry, reminders],
        subscriptions=[journey_events, referral_events],
        publishes=[topics.DIRECTORY_EVENTS],
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(definition(settings or Settings()))
