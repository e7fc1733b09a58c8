"""Ops views: the envelope of every event consumed (GET /events) and every delivery with each
of its attempts (GET /deliveries). Neither shows a payload, an address or a message."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter

from linkwork_notifications.api.deps import Ops, OpsPaging, StoreDep
from linkwork_notifications.queries import ops
from linkwork_runtime.access import unconfined

router = APIRouter(
    tags=["ops"],
    dependencies=[unconfined("ops see every event and delivery, never a payload or address")],
)


@router.get("/events", summary="Envelopes of every event seen (ops; no personal data)")
async def list_events(
    _: Ops,
    store: StoreDep,
    paging: OpsPaging,
    event_type: str | None = None,
    correlation_id: str | None = None,
) -> dict[str, Any]:
    return await ops.events(store, paging, event_type=event_type, correlation_id=correlation_id)


@router.get("/deliveries", summary="Every delivery and each attempt (ops; no addresses)")
async def list_deliveries(
    _: Ops,
    store: StoreDep,
    paging: OpsPaging,
    status: Literal["pending", "sending", "sent", "failed", "cancelled"] | None = None,
    channel: Literal["in_app", "email", "sms"] | None = None,
    template: str | None = None,
    recipient_id: str | None = None,
    source_event_id: str | None = None,
) -> dict[str, Any]:
    return await ops.deliveries(
        store,
        paging,
        status=status,
        channel=channel,
        template=template,
        recipient_id=recipient_id,
        source_event_id=source_event_id,
    )
