"""Events on `notification.events`: what was delivered to whom, and what could not be."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from linkwork_schemas import topics
from linkwork_schemas.envelope import Event, Payload


class NotificationEvent(Event):
    TOPIC = topics.NOTIFICATION_EVENTS


class NotificationPayload(Payload):
    """Which notification: ids only, never an address or the message (no personal data)."""

    notification_id: str = Field(
        description="Stable per (source event, recipient, channel): a redelivery names the same"
    )
    source_event_id: str
    source_event_type: str
    recipient_id: str = Field(
        description="A user id, or team:<team id>, practice:<ODS code>, provider:<org id>, "
        "person:<referral id>"
    )
    channel: Literal["in_app", "email", "sms"]
    template: str = Field(description="The notification type, e.g. referral_assigned")


class NotificationSentPayload(NotificationPayload):
    sent_at: AwareDatetime
    attempts: int = Field(default=1, ge=1, description="Attempts it took, this one included")


class NotificationSent(NotificationEvent):
    event_type: Literal["NotificationSent"] = "NotificationSent"
    schema_version: Literal[1] = 1
    payload: NotificationSentPayload


class NotificationFailedPayload(NotificationPayload):
    reason: str = Field(description="Why, with addresses and numbers masked")
    attempts: int = Field(description="Attempts made; 0 when there was nothing to try")
    failure: Literal["rejected", "retries_exhausted", "no_address", "error"] = Field(
        default="rejected",
        description="rejected: the provider refused it for good; retries_exhausted: transient "
        "failures outlasted the retries; no_address: no address on record; error: a fault here",
    )


class NotificationFailed(NotificationEvent):
    event_type: Literal["NotificationFailed"] = "NotificationFailed"
    schema_version: Literal[1] = 1
    payload: NotificationFailedPayload


class SafeguardingConcernPayload(Payload):
    """Which concern (ids only): its details stay on the journey."""

    concern_id: str
    journey_id: str
    referral_id: str
    team_id: str | None = None


class SafeguardingConcernAcknowledgedPayload(SafeguardingConcernPayload):
    acknowledged_by: str
    acknowledged_at: AwareDatetime


class SafeguardingConcernAcknowledged(NotificationEvent):
    event_type: Literal["SafeguardingConcernAcknowledged"] = "SafeguardingConcernAcknowledged"
    schema_version: Literal[1] = 1
    payload: SafeguardingConcernAcknowledgedPayload


class SafeguardingConcernEscalatedPayload(SafeguardingConcernPayload):
    """Unacknowledged for SAFEGUARDING_ESCALATE_HOURS: every manager of the team is told."""

    raised_at: AwareDatetime
    escalated_at: AwareDatetime


class SafeguardingConcernEscalated(NotificationEvent):
    event_type: Literal["SafeguardingConcernEscalated"] = "SafeguardingConcernEscalated"
    schema_version: Literal[1] = 1
    payload: SafeguardingConcernEscalatedPayload
