"""The ops views: the envelope of every event consumed and every delivery with each of its
attempts. Neither shows a payload, an address or a message."""

from __future__ import annotations

from typing import Any

from linkwork_notifications.store import Store
from linkwork_runtime.http import view
from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest, page_of

DELIVERY_FIELDS = (
    "source_event_id",
    "source_event_type",
    "correlation_id",
    "recipient_id",
    "channel",
    "template",
    "status",
    "not_before",
    "send_before",
    "created_at",
    "sent_at",
    "failed_at",
    "failure_reason",
    "cancelled_at",
    "cancellation_reason",
    "attempts",
)


async def events(store: Store, paging: PageRequest, **filters: str | None) -> dict[str, Any]:
    """A page of the event log's envelopes, newest first, matching the filters given."""
    items, total = await store.event_log.page(_given(filters), paging.skip, paging.per_page)
    return page_of((view(item, "event_id") for item in items), total, paging)


async def deliveries(store: Store, paging: PageRequest, **filters: str | None) -> dict[str, Any]:
    """A page of deliveries, newest first: what and to whom, never the address or message."""
    items, total = await store.deliveries.page(_given(filters), paging.skip, paging.per_page)
    return page_of(map(_delivery_view, items), total, paging)


def _given(filters: dict[str, str | None]) -> dict[str, str]:
    """The filters a caller gave (unset and empty ones dropped)."""
    return {key: value for key, value in filters.items() if value}


def _delivery_view(delivery: Document) -> dict[str, Any]:
    return {"notification_id": delivery["_id"], **{k: delivery.get(k) for k in DELIVERY_FIELDS}}
