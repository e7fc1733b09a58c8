"""Announce what became of a notification: NotificationSent or NotificationFailed, through the
outbox in the caller's transaction, and onto the ops feed (envelope only)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from linkwork_notifications.domain.feed_items import envelope
from linkwork_notifications.store import Tx
from linkwork_runtime.mongo import Document
from linkwork_schemas import Event
from linkwork_schemas.notification import (
    NotificationFailed,
    NotificationFailedPayload,
    NotificationSent,
    NotificationSentPayload,
)

Failure = Literal["rejected", "retries_exhausted", "no_address", "error"]


def _facts(delivery: Document) -> dict[str, str]:
    return {
        "notification_id": delivery["_id"],
        "source_event_id": delivery["source_event_id"],
        "source_event_type": delivery["source_event_type"],
        "recipient_id": delivery["recipient_id"],
        "channel": delivery["channel"],
        "template": delivery["template"],
    }


async def announce_sent(tx: Tx, delivery: Document, sent_at: datetime) -> None:
    attempts = max(1, len(delivery.get("attempts", [])))
    payload = NotificationSentPayload(**_facts(delivery), sent_at=sent_at, attempts=attempts)
    await _announce(tx, NotificationSent, delivery, payload)


async def announce_failed(tx: Tx, delivery: Document, reason: str, failure: Failure) -> None:
    payload = NotificationFailedPayload(
        **_facts(delivery),
        reason=reason,
        attempts=len(delivery.get("attempts", [])),
        failure=failure,
    )
    await _announce(tx, NotificationFailed, delivery, payload)


async def _announce(
    tx: Tx,
    cls: type[NotificationSent] | type[NotificationFailed],
    delivery: Document,
    payload: NotificationSentPayload | NotificationFailedPayload,
) -> None:
    # Built here, not with tx.record: the chain is the source event's, not this transaction's.
    event: Event = cls.build(
        aggregate_id=delivery["_id"],
        payload=payload,
        producer=tx.producer,
        correlation_id=delivery["correlation_id"],
        causation_id=delivery["source_event_id"],
    )
    await announce(tx, event)


async def announce(tx: Tx, event: Event) -> None:
    """One of this service's own events through the outbox, its envelope onto the ops feed."""
    await tx.emit(event)
    await tx.store.feed.append(
        {"kind": "event", "stream": "envelope", "envelope": envelope(event), "scope": None},
        tx.now,
    )
