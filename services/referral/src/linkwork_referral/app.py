"""Composition root of the referral service: its store, its subscriptions (GP referrals and
journey events), its routes and its timer."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from linkwork_referral import api, handlers, jobs
from linkwork_referral.actions import intake
from linkwork_referral.api.fhir import FhirAnswers
from linkwork_referral.domain.capacity import PLACES
from linkwork_referral.settings import Settings
from linkwork_referral.store import INDEXES, Store
from linkwork_runtime.consumer import KeyedByHandler, event_subscription, subscription
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import topics
from linkwork_schemas.journey import (
    JourneyClosed,
    JourneyStarted,
    RiskFlagRaised,
    RiskFlagRemoved,
    RiskFlagReviewed,
)


def definition(settings: Settings) -> ServiceDefinition:
    deps: dict[str, Any] = {"settings": settings}
    gp_referrals = subscription(
        "gp-referrals",
        topics.GP_REFERRALS,
        parse=intake.from_kafka,
        handler=handlers.on_referral_submitted,
        idempotency=KeyedByHandler(key="(source system, source referral id)"),
        dependencies=deps,
        description="Referral submissions from GP systems (JSON; FHIR BaRS bundles)",
        serial=PLACES,
        prepare=intake.expect_submissions,
    )
    journeys = event_subscription(
        "journey-events",
        topics.JOURNEY_EVENTS,
        {
            JourneyStarted: handlers.on_journey_started,
            JourneyClosed: handlers.on_journey_closed,
            RiskFlagRaised: handlers.on_risk_flag,
            RiskFlagReviewed: handlers.on_risk_flag,
            RiskFlagRemoved: handlers.on_risk_flag,
        },
        dependencies=deps,
        serial=PLACES,
    )
    return ServiceDefinition(
        settings=settings,
        title="Linkwork referral service",
        description="Takes referrals from GP systems and agencies, assigns link workers.",
        store=Store,
        indexes=INDEXES,
        subscriptions=[gp_referrals, journeys],
        routers=api.ROUTERS,
        publishes=[topics.REFERRAL_EVENTS, topics.GP_RESPONSES, topics.GP_OUTCOMES],
        workers=[
            every(settings.overdue_check_seconds, jobs.raise_overdue, "referral.contact_overdue"),
            jobs.keep_name_keys,
        ],
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(definition(settings))
    # Outermost: the FHIR door answers in FHIR whoever refuses (auth, hardening, validation).
    app.add_middleware(FhirAnswers, limit=settings.fhir_rate_limit)
    return app
