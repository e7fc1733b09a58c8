"""Composition root of the notifications service: the consumers of every domain topic, the
dispatcher worker, and the HTTP routes (ops views, in-app notifications, recipients, stream)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import FastAPI

from linkwork_notifications import (
    notifications_api,
    ops_api,
    recipients_api,
    stream_api,
)
from linkwork_notifications.dispatcher import dispatcher_worker
from linkwork_notifications.handlers.events import on_event
from linkwork_notifications.handlers.notify import Notifier
from linkwork_notifications.rendering import Renderer
from linkwork_notifications.settings import Settings, quiet_hours_of
from linkwork_notifications.store import indexes
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event, events_on, topics

WATCHED = (topics.REFERRAL_EVENTS, topics.JOURNEY_EVENTS, topics.DIRECTORY_EVENTS)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    quiet = quiet_hours_of(settings)
    notifier = Notifier(
        Renderer(quiet.zone),
        quiet,
        clock=lambda: datetime.now(UTC),
        reminder_lead=timedelta(hours=settings.appointment_reminder_hours),
    )

    async def handle(event: Event, tx: Transaction) -> None:
        await on_event(event, tx, notifier)

    subscriptions = [
        event_subscription(topic.replace(".", "-"), topic, dict.fromkeys(events_on(topic), handle))
        for topic in WATCHED
    ]
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="Linkwork notifications service",
            description="Tells every person who needs to know, by the right channel; the "
            "delivery log; the live feed for staff UIs; the ops event log.",
            indexes=indexes(timedelta(days=settings.feed_retention_days)),
            subscriptions=subscriptions,
            routers=[
                notifications_api.router,
                stream_api.router,
                recipients_api.router,
                ops_api.router,
            ],
            publishes=[topics.NOTIFICATION_EVENTS],
            workers=[dispatcher_worker],
        )
    )
