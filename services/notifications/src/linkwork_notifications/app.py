"""Composition root of the notifications service.

The consumers of every domain topic, the dispatcher worker, the safeguarding escalation timer,
and the HTTP routes (ops views, in-app notifications, recipients, stream, safeguarding
concerns), with what they are given (`deps`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import FastAPI

from linkwork_notifications import handlers, jobs
from linkwork_notifications.actions.notify import Notifier
from linkwork_notifications.api import ROUTERS
from linkwork_notifications.rendering import Renderer
from linkwork_notifications.settings import Settings, quiet_hours_of
from linkwork_notifications.store import Store, indexes
from linkwork_notifications.store.feed import NUMBERING
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_schemas import events_on, topics

WATCHED = (topics.REFERRAL_EVENTS, topics.JOURNEY_EVENTS, topics.DIRECTORY_EVENTS)


def notifier(settings: Settings) -> Notifier:
    """What recording notifications needs: the templates, quiet hours and reminder lead."""
    quiet = quiet_hours_of(settings)
    lead = timedelta(hours=settings.appointment_reminder_hours)
    return Notifier(Renderer(quiet.zone, settings.console_url), quiet, reminder_lead=lead)


def definition(settings: Settings) -> ServiceDefinition:
    recording = notifier(settings)
    deps: dict[str, Any] = {"notifier": recording}
    subscriptions = [
        event_subscription(
            topic.replace(".", "-"),
            topic,
            dict.fromkeys(events_on(topic), handlers.on_event),
            dependencies=deps,
            serial=NUMBERING,
            prepare=handlers.expect_cases,
        )
        for topic in WATCHED
    ]
    return ServiceDefinition(
        settings=settings,
        title="Linkwork notifications service",
        description="Tells every person who needs to know, by the right channel; the "
        "delivery log; the live feed for staff UIs; the ops event log.",
        store=Store,
        indexes=indexes(timedelta(days=settings.feed_retention_days)),
        subscriptions=subscriptions,
        routers=ROUTERS,
        publishes=[topics.NOTIFICATION_EVENTS],
        workers=[jobs.dispatch_deliveries, jobs.escalation_timer(settings, recording)],
        state={"feed_written": recording.feed_written},
    )


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(definition(settings or Settings()))
