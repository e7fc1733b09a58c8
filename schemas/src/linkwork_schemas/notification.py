"""Events on `notification.events`: what was delivered to whom, and what could not be."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime

from linkwork_schemas import topics
from linkwork_schemas.envelope import Event, Payload


class NotificationEvent(Event):
    TOPIC = topics.NOTIFICATION_EVENTS


class NotificationPayload(Payload):
    notification_id: str
    source_event_id: str
    source_event_type: str
    recipient_id: str
    channel: Literal["in_app", "email", "sms"]
    template: str


class NotificationSentPayload(NotificationPayload):
    sent_at: AwareDatetime


class NotificationSent(NotificationEvent):
    event_type: Literal["NotificationSent"] = "NotificationSent"
    schema_version: Literal[1] = 1
    payload: NotificationSentPayload


class NotificationFailedPayload(NotificationPayload):
    reason: str
    attempts: int


class NotificationFailed(NotificationEvent):
    event_type: Literal["NotificationFailed"] = "NotificationFailed"
    schema_version: Literal[1] = 1
    payload: NotificationFailedPayload
