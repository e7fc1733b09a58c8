"""Composition root of the referral service."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_referral import (
    api,
    handlers,
    intake_api,
    journey_events,
    lifecycle,
    lifecycle_api,
    link_workers_api,
)
from linkwork_referral.domain.lifecycle import InvalidTransition
from linkwork_referral.messages import parse_gp_message
from linkwork_referral.overdue import raise_overdue
from linkwork_referral.settings import Settings
from linkwork_referral.store import INDEXES
from linkwork_runtime.consumer import Subscription, event_subscription
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import topics
from linkwork_schemas.journey import JourneyClosed, JourneyStarted

REFUSALS: dict[type[Exception], tuple[int, str]] = {
    lifecycle.ReferralNotFound: (404, "not_found"),
    lifecycle.NotPermitted: (403, "forbidden"),
    InvalidTransition: (409, "invalid_transition"),
    lifecycle.Unprocessable: (422, "unprocessable"),
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    config = settings
    gp_referrals = Subscription(
        name="gp-referrals",
        topic=topics.GP_REFERRALS,
        parse=parse_gp_message,
        handle=lambda incoming, tx: handlers.on_referral_submitted(incoming, tx, config),
        message_id=lambda _: None,  # de-duplicated by (source system, source referral id)
        description="Referral submissions from GP systems (JSON; FHIR BaRS bundles)",
    )
    journeys = event_subscription(
        "journey-events",
        topics.JOURNEY_EVENTS,
        {
            JourneyStarted: journey_events.on_journey_started,
            JourneyClosed: lambda event, tx: journey_events.on_journey_closed(event, tx, config),
        },
    )
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork referral service",
            description="Takes referrals from GP systems and agencies, assigns link workers.",
            indexes=INDEXES,
            subscriptions=[gp_referrals, journeys],
            routers=[intake_api.router, api.router, lifecycle_api.router, link_workers_api.router],
            publishes=[topics.REFERRAL_EVENTS],
            workers=[
                every(settings.overdue_check_seconds, raise_overdue, "referral.contact_overdue")
            ],
            refusals=REFUSALS,
        )
    )
