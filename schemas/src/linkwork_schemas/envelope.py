"""The event envelope every Linkwork event travels in, and the base class of all events.

An event is a fact in the past tense. The envelope carries its identity (`event_id`), its
type and schema version, when it happened, who produced it, the correlation/causation chain
and the aggregate id that is also its Kafka key (so one aggregate's events stay in order).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator


class Payload(BaseModel):
    """Base of every event payload.

    Consumers are tolerant readers: unknown fields are ignored, so adding an optional field
    is not a breaking change. A breaking change gets a new `schema_version`.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)


class Event(BaseModel):
    """Envelope + typed payload. Subclasses pin `event_type`, `schema_version` and `payload`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    TOPIC: ClassVar[str]

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    schema_version: int
    occurred_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))
    producer: str = Field(min_length=1, description="The service that produced the event")
    correlation_id: str = Field(
        min_length=1, description="Id shared by every event of one end-to-end flow"
    )
    causation_id: str | None = Field(
        default=None, description="event_id (or request id) of what caused this event"
    )
    aggregate_id: str = Field(min_length=1, description="Id of the aggregate; the Kafka key")
    payload: Payload

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @classmethod
    def type_name(cls) -> str:
        """The `event_type` this class carries on the wire."""
        default = cls.model_fields["event_type"].default
        assert isinstance(default, str), f"{cls.__name__} must pin event_type"
        return default

    @classmethod
    def version(cls) -> int:
        default = cls.model_fields["schema_version"].default
        assert isinstance(default, int), f"{cls.__name__} must pin schema_version"
        return default

    @classmethod
    def build(
        cls,
        *,
        aggregate_id: str,
        payload: Any,
        producer: str,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        caused_by: Event | None = None,
    ) -> Self:
        """Create a new event; `caused_by` continues the correlation chain of an earlier event."""
        if caused_by is not None:
            correlation_id = correlation_id or caused_by.correlation_id
            causation_id = causation_id or str(caused_by.event_id)
        return cls(
            event_type=cls.type_name(),
            schema_version=cls.version(),
            producer=producer,
            correlation_id=correlation_id or str(uuid.uuid4()),
            causation_id=causation_id,
            aggregate_id=aggregate_id,
            payload=payload,
        )

    def to_bytes(self) -> bytes:
        return self.model_dump_json().encode()

    def headers(self) -> dict[str, str]:
        """Kafka headers: the type travels outside the body so routers need not parse it."""
        headers = {
            "event_type": self.event_type,
            "schema_version": str(self.schema_version),
            "event_id": str(self.event_id),
            "correlation_id": self.correlation_id,
            "producer": self.producer,
            "content-type": "application/json",
        }
        if self.causation_id:
            headers["causation_id"] = self.causation_id
        return headers
