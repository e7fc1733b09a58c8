"""Ops views: the envelope of every event consumed (GET /events) and every delivery with each
of its attempts (GET /deliveries). Neither shows a payload, an address or a message."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from linkwork_notifications.http_deps import Ops, RuntimeDep
from linkwork_notifications.store import Deliveries, EventLog

router = APIRouter(tags=["ops"])
Page = Annotated[int, Query(ge=1)]
PerPage = Annotated[int, Query(ge=1, le=500)]


def _given(**filters: str | None) -> dict[str, str]:
    return {key: value for key, value in filters.items() if value}


@router.get("/events", summary="Envelopes of every event seen (ops; no personal data)")
async def list_events(
    _: Ops,
    runtime: RuntimeDep,
    event_type: str | None = None,
    correlation_id: str | None = None,
    page: Page = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    filters = _given(event_type=event_type, correlation_id=correlation_id)
    items, total = await EventLog(runtime.db).page(filters, (page - 1) * per_page, per_page)
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "items": [
            {"event_id": i["_id"], **{k: v for k, v in i.items() if k != "_id"}} for i in items
        ],
    }


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


@router.get("/deliveries", summary="Every delivery and each attempt (ops; no addresses)")
async def list_deliveries(
    _: Ops,
    runtime: RuntimeDep,
    status: Literal["pending", "sending", "sent", "failed", "cancelled"] | None = None,
    channel: Literal["in_app", "email", "sms"] | None = None,
    template: str | None = None,
    recipient_id: str | None = None,
    source_event_id: str | None = None,
    page: Page = 1,
    per_page: PerPage = 100,
) -> dict[str, Any]:
    filters = _given(
        status=status,
        channel=channel,
        template=template,
        recipient_id=recipient_id,
        source_event_id=source_event_id,
    )
    items, total = await Deliveries(runtime.db).page(filters, (page - 1) * per_page, per_page)
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "items": [
            {"notification_id": d["_id"], **{k: d.get(k) for k in DELIVERY_FIELDS}} for d in items
        ],
    }
