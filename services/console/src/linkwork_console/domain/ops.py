"""What ops see, as their pages show it: each event's envelope (never a payload), what each
service's consumers dead-lettered on each topic (where, when, why; the content only of the
one message asked for), which messages a replay sends back, and the deliveries that failed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.moments import utc_time
from linkwork_schemas.catalogue import EVENT_CLASSES

# The services whose consumers may keep dead letters, in the order messages flow.
SERVICES = ("referral", "journey", "directory", "notifications")
EVENT_TYPES = tuple(sorted({cls.type_name() for cls in EVENT_CLASSES}))
ENVELOPES_SHOWN = 50  # the live list keeps as many as the page first showed
KINDS = {
    "invalid_message": "Could not be read",
    "handler_refused": "Refused by the handler",
    "handler_error": "Failed in the handler",
}
CHANNELS = {"in_app": "In-app", "email": "Email", "sms": "Text message"}
DONE = {
    "replayed-one": "The message was sent back to its topic",
    "replayed-all": "The messages were sent back to their topic",
}


@dataclass(frozen=True)
class Envelope:
    event_id: str
    event_type: str
    topic: str
    aggregate_id: str
    producer: str
    occurred: str
    occurred_at: str
    correlation_id: str


@dataclass(frozen=True)
class KeptTopic:
    service: str
    topic: str
    dead_letter_topic: str
    kept: int

    @property
    def href(self) -> str:
        return f"/ops/dead-letters/{self.service}/{self.topic}"


@dataclass(frozen=True)
class ServiceKept:
    """What one service says its consumers kept; `answered` False when it did not say."""

    service: str
    consumer: str = ""
    topics: list[KeptTopic] = field(default_factory=list)
    answered: bool = True

    @property
    def kept(self) -> int:
        return sum(t.kept for t in self.topics)


@dataclass(frozen=True)
class KeptMessage:
    partition: int
    offset: int
    failed: str
    consumer: str
    kind: str
    where: str
    reason: str
    replayed: bool

    @property
    def position(self) -> str:
        return f"{self.partition}/{self.offset}"


@dataclass(frozen=True)
class KeptDetail:
    message: KeptMessage
    headers: list[tuple[str, str]]
    content: str
    base64: bool


@dataclass(frozen=True)
class FailedDelivery:
    notification_id: str
    failed: str
    channel: str
    template: str
    recipient_id: str
    event_type: str
    attempts: int
    reason: str


def words(name: str | None) -> str:
    """`service_link_requested` as 'Service link requested'."""
    text = str(name or "").replace("_", " ")
    return text[:1].upper() + text[1:]


def envelope_of(item: Mapping[str, Any]) -> Envelope:
    return Envelope(
        event_id=str(item.get("event_id") or ""),
        event_type=str(item.get("event_type") or ""),
        topic=str(item.get("topic") or ""),
        aggregate_id=str(item.get("aggregate_id") or ""),
        producer=str(item.get("producer") or ""),
        occurred=utc_time(item.get("occurred_at")),
        occurred_at=str(item.get("occurred_at") or ""),
        correlation_id=str(item.get("correlation_id") or ""),
    )


def kept_of(service: str, answer: Mapping[str, Any] | None) -> ServiceKept:
    """A service's `GET /dead-letters`, or None when it did not answer."""
    if answer is None:
        return ServiceKept(service, answered=False)
    topics = [
        KeptTopic(service, str(t["topic"]), str(t.get("dead_letter_topic") or ""), int(t["kept"]))
        for t in answer.get("topics", [])
    ]
    return ServiceKept(service, str(answer.get("consumer") or service), topics)


def kept_message(item: Mapping[str, Any]) -> KeptMessage:
    return KeptMessage(
        partition=int(item["partition"]),
        offset=int(item["offset"]),
        failed=utc_time(item.get("failed_at")) or "Not recorded",
        consumer=str(item.get("consumer") or ""),
        kind=KINDS.get(str(item.get("kind")), words(item.get("kind"))),
        where=str(item.get("where") or "$"),
        reason=str(item.get("reason") or ""),
        replayed=bool(item.get("replayed")),
    )


def kept_detail(answer: Mapping[str, Any]) -> KeptDetail:
    headers = answer.get("headers") or {}
    return KeptDetail(
        message=kept_message(answer),
        headers=sorted((str(k), str(v)) for k, v in headers.items()),
        content=str(answer.get("content") or ""),
        base64=bool(answer.get("base64")),
    )


def failed_delivery(item: Mapping[str, Any]) -> FailedDelivery:
    return FailedDelivery(
        notification_id=str(item.get("notification_id") or ""),
        failed=utc_time(item.get("failed_at")),
        channel=CHANNELS.get(str(item.get("channel")), words(item.get("channel"))),
        template=words(item.get("template")),
        recipient_id=str(item.get("recipient_id") or ""),
        event_type=str(item.get("source_event_type") or ""),
        attempts=len(item.get("attempts") or []),
        reason=str(item.get("failure_reason") or "No reason recorded"),
    )


@dataclass(frozen=True)
class ReplayChoice:
    """The messages a replay sends back: one (its place on the dead-letter topic) or all."""

    everything: bool
    partition: int | None = None
    offset: int | None = None

    def body(self) -> dict[str, Any]:
        if self.everything:
            return {"all": True}
        return {"messages": [{"partition": self.partition, "offset": self.offset}]}

    @property
    def done(self) -> str:
        return "replayed-all" if self.everything else "replayed-one"


def replay_choice(every: str, partition: str, offset: str) -> ReplayChoice | FieldError:
    """What the replay form (or its confirmation) asked for: all, or one message by place."""
    if every == "true":
        return ReplayChoice(everything=True)
    if partition.isdigit() and offset.isdigit():
        return ReplayChoice(False, int(partition), int(offset))
    return FieldError(None, "Choose a message to send back, or send back all of them")


def known_event_type(chosen: str) -> str:
    """The filter's event type when it is one the catalogue knows, else none (all)."""
    return chosen if chosen in EVENT_TYPES else ""


def known_service(service: str, services: Sequence[str] = SERVICES) -> bool:
    return service in services
