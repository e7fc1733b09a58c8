"""Composition root of the journey service."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_journey import actions, api, handlers, journeys_api, measure_actions
from linkwork_journey.actions_api import router as actions_router
from linkwork_journey.domain import appointments, measures, rules
from linkwork_journey.follow_up import raise_due
from linkwork_journey.settings import Settings
from linkwork_journey.store import INDEXES
from linkwork_runtime.consumer import EventHandler, event_subscription
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import Event, events_on, topics
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkAttended,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
    ServiceLinkExpired,
)
from linkwork_schemas.referral import ReferralAccepted, ReferralAssigned, ReferralReceived

REFUSALS: dict[type[Exception], tuple[int, str]] = {
    actions.JourneyNotFound: (404, "not_found"),
    rules.JourneyIsClosed: (409, "journey_closed"),
    rules.GoalNotOpen: (409, "goal_not_open"),
    appointments.AppointmentNotScheduled: (409, "appointment_not_scheduled"),
    appointments.AppointmentRefused: (422, "appointment_refused"),
    LookupError: (404, "not_found"),
    rules.DateInFuture: (422, "date_in_future"),
    measures.InvalidMeasure: (422, "invalid_measure"),
    measure_actions.NoBaseline: (422, "no_baseline"),
}
LINK_EVENTS = (
    ServiceLinked,
    ServiceLinkAccepted,
    ServiceLinkDeclined,
    ServiceLinkEnded,
    ServiceLinkExpired,
    ServiceLinkAttended,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    referral_handlers: dict[type[Event], EventHandler] = {
        cls: handlers.on_referral_event for cls in events_on(topics.REFERRAL_EVENTS)
    }
    referral_handlers |= {
        ReferralReceived: handlers.on_referral_received,
        ReferralAccepted: handlers.on_referral_accepted,
        ReferralAssigned: handlers.on_referral_assigned,
    }
    referral_events = event_subscription(
        "referral-events", topics.REFERRAL_EVENTS, referral_handlers
    )
    directory_events = event_subscription(
        "directory-events",
        topics.DIRECTORY_EVENTS,
        {cls: handlers.on_service_link_event for cls in LINK_EVENTS},
    )
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork journey service",
            description="The person's journey: contacts, needs, goals, outcome measures.",
            indexes=INDEXES,
            subscriptions=[referral_events, directory_events],
            routers=[api.router, journeys_api.router, actions_router],
            publishes=[topics.JOURNEY_EVENTS],
            workers=[every(settings.follow_up_check_seconds, raise_due, "journey.follow_up_due")],
            refusals=REFUSALS,
        )
    )
