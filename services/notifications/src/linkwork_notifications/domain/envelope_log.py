"""The ops view of an event: its envelope only, never its payload (no personal data)."""

from __future__ import annotations

from typing import Any

from linkwork_schemas import Event


def envelope_entry(event: Event) -> dict[str, Any]:
    return {
        "_id": str(event.event_id),
        "event_type": event.event_type,
        "schema_version": event.schema_version,
        "topic": event.TOPIC,
        "aggregate_id": event.aggregate_id,
        "producer": event.producer,
        "occurred_at": event.occurred_at,
        "correlation_id": event.correlation_id,
        "causation_id": event.causation_id,
    }
