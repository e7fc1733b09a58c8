"""What goes into the live feed: for each event, its envelope (shown to ops) and the ids of
the case it updates (shown to those who may see the case); for each in-app notification, the
notification (shown to its inbox's readers). Never an event's payload."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.envelope_log import envelope_entry
from linkwork_schemas import Event, topics

AGGREGATES = {
    topics.REFERRAL_EVENTS: "referral",
    topics.JOURNEY_EVENTS: "journey",
    topics.DIRECTORY_EVENTS: "journey",  # service links belong to a journey
}


def envelope(event: Event) -> dict[str, Any]:
    entry = envelope_entry(event)
    return {"event_id": entry.pop("_id"), **entry}


def event_item(event: Event, case: CaseView | None) -> dict[str, Any]:
    has_case = case is not None and (case.referral_id or case.journey_id)
    update = None
    if case is not None and has_case:
        update = {
            "event_id": str(event.event_id),
            "event_type": event.event_type,
            "occurred_at": event.occurred_at,
            "referral_id": case.referral_id,
            "journey_id": case.journey_id,
            "link_id": getattr(event.payload, "link_id", None),
        }
    return {
        "kind": "event",
        "stream": AGGREGATES.get(event.TOPIC, "event") if update else "envelope",
        "envelope": envelope(event),
        "scope": case.scope if case is not None and has_case else None,
        "update": update,
    }


def notification_item(notification: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "kind": "notification",
        "stream": "notification",
        "recipient_id": notification["recipient_id"],
        "inbox_kind": notification["inbox_kind"],
        "notification": notification_view(notification),
    }


def notification_view(notification: Mapping[str, Any]) -> dict[str, Any]:
    """An in-app notification as its reader sees it (HTTP and stream alike)."""
    fields = (
        "recipient_id",
        "template",
        "title",
        "body",
        "source_event_type",
        "referral_id",
        "journey_id",
        "link_id",
        "concern_id",
        "concern_acknowledged_by",
        "concern_acknowledged_at",
        "created_at",
        "read_at",
        "resolved_at",
    )
    return {
        "notification_id": notification["_id"],
        **{k: notification.get(k) for k in fields},
        "urgent": bool(notification.get("urgent")),
    }


def inbox_kind(recipient_id: str) -> str:
    kind, sep, _ = recipient_id.partition(":")
    return kind if sep else "user"
