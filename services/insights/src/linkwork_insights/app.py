"""Composition root of the insights service."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI

from linkwork_insights import handlers
from linkwork_insights.actions.projection import prepare_links, prepare_referrals
from linkwork_insights.api import ROUTERS
from linkwork_insights.dev.practices import load_practices
from linkwork_insights.domain.facts import JOURNEY_FOLDS, REFERRAL_FOLDS
from linkwork_insights.domain.links import FOLDS as LINK_FOLDS
from linkwork_insights.settings import Settings
from linkwork_insights.store import INDEXES, Store
from linkwork_insights.store.active import active_database
from linkwork_runtime.consumer import Subscription, event_subscription
from linkwork_runtime.mongo import connect
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import Event, topics
from linkwork_schemas.directory import UnmetNeedRecorded

Handlers = dict[type[Event], Callable[..., Awaitable[None]]]
REFERRAL_HANDLERS: Handlers = {cls: handlers.on_referral_fact for cls in REFERRAL_FOLDS}
JOURNEY_HANDLERS: Handlers = {cls: handlers.on_referral_fact for cls in JOURNEY_FOLDS}
DIRECTORY_HANDLERS: Handlers = {
    **{cls: handlers.on_link_event for cls in LINK_FOLDS},
    UnmetNeedRecorded: handlers.on_unmet_need,
}
# Referral and journey events write the same referral documents: one batch at a time, so
# that their transactions do not conflict and retry each other.
SERIAL = "referral-facts"


def subscriptions() -> list[Subscription[Event]]:
    """What the service consumes (the rebuild replays the same, into a fresh database)."""
    return [
        event_subscription(
            "referral-events",
            topics.REFERRAL_EVENTS,
            REFERRAL_HANDLERS,
            serial=SERIAL,
            prepare=prepare_referrals,
        ),
        event_subscription(
            "journey-events",
            topics.JOURNEY_EVENTS,
            JOURNEY_HANDLERS,
            serial=SERIAL,
            prepare=prepare_referrals,
        ),
        event_subscription(
            "directory-events", topics.DIRECTORY_EVENTS, DIRECTORY_HANDLERS, prepare=prepare_links
        ),
    ]


def definition(settings: Settings) -> ServiceDefinition:
    return ServiceDefinition(
        settings=settings,
        title="Linkwork insights service",
        description="Anonymous reports for managers and commissioners, built from the events.",
        store=Store,
        indexes=INDEXES,
        subscriptions=subscriptions(),
        routers=ROUTERS,
        publishes=[topics.INSIGHTS_EVENTS],
        state={"practices": load_practices(settings.practices_file)},
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(definition(settings or Settings()))


async def on_active_database(settings: Settings) -> Settings:
    """The settings with the database the pointer names (the base one until a rebuild)."""
    client = connect(settings.mongodb_uri)
    try:
        active = await active_database(client, settings.mongodb_database)
    finally:
        await client.close()
    return settings.model_copy(update={"mongodb_database": active})
