"""Composition root of the journey service."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_journey import api, handlers, journeys_api
from linkwork_journey.settings import Settings
from linkwork_journey.store import INDEXES
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import topics
from linkwork_schemas.referral import ReferralAccepted, ReferralReceived


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    referral_events = event_subscription(
        "referral-events",
        topics.REFERRAL_EVENTS,
        {
            ReferralReceived: handlers.on_referral_received,
            ReferralAccepted: handlers.on_referral_accepted,
        },
    )
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork journey service",
            description="The person's journey: contacts, needs, goals, outcome measures.",
            indexes=INDEXES,
            subscriptions=[referral_events],
            routers=[api.router, journeys_api.router],
            publishes=[topics.JOURNEY_EVENTS],
        )
    )
