"""Composition root of the notifications service."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_notifications import api, handlers
from linkwork_notifications.settings import Settings
from linkwork_notifications.store import INDEXES
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import EVENT_CLASSES, topics

WATCHED = (topics.REFERRAL_EVENTS, topics.JOURNEY_EVENTS, topics.DIRECTORY_EVENTS)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    subscriptions = [
        event_subscription(
            topic.replace(".", "-"),
            topic,
            {cls: handlers.on_any_event for cls in EVENT_CLASSES if topic == cls.TOPIC},
        )
        for topic in WATCHED
    ]
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork notifications service",
            description="Tells every person who needs to know; the ops event log.",
            indexes=INDEXES,
            subscriptions=subscriptions,
            routers=[api.router],
            publishes=[topics.NOTIFICATION_EVENTS],
        )
    )
