"""Announce what became of a notification: NotificationSent or NotificationFailed, through the
outbox in the caller's transaction, and onto the ops feed (envelope only)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from linkwork_notifications.domain.feed_items import envelope
from linkwork_notifications.store import Feed
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction
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


async def announce_sent(tx: Transaction, delivery: Document, sent_at: datetime) -> None:
    attempts = max(1, len(delivery.get("attempts", [])))
    payload = NotificationSentPayload(**_facts(delivery), sent_at=sent_at, attempts=attempts)
    await _announce(tx, NotificationSent, delivery, payload)


async def announce_failed(
    tx: Transaction, delivery: Document, reason: str, failure: Failure
) -> None:
    payload = NotificationFailedPayload(
        **_facts(delivery),
        reason=reason,
        attempts=len(delivery.get("attempts", [])),
        failure=failure,
    )
    await _announce(tx, NotificationFailed, delivery, payload)


async def _announce(
    tx: Transaction,
    cls: type[NotificationSent] | type[NotificationFailed],
    delivery: Document,
    payload: NotificationSentPayload | NotificationFailedPayload,
) -> None:
    event: Event = cls.build(
        aggregate_id=delivery["_id"],
        payload=payload,
        producer=tx.producer,
        correlation_id=delivery["correlation_id"],
        causation_id=delivery["source_event_id"],
    )
    await tx.emit(event)
    await Feed(tx.db, tx.session).append(
        {"kind": "event", "stream": "envelope", "envelope": envelope(event), "scope": None}
    )


def notification_id(source_event_id: str, recipient_id: str, channel: str) -> str:
    """The same (event, recipient, channel) always names the same notification."""
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"linkwork:{source_event_id}:{recipient_id}:{channel}")
    )
