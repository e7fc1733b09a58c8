"""HTTP routes of the notifications service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from linkwork_notifications.store import EventLog
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime

router = APIRouter(tags=["ops"])
Ops = Annotated[Principal, Depends(require_roles(Role.OPS))]


@router.get("/events", summary="Envelopes of every event seen (ops; no personal data)")
async def list_events(
    _: Ops,
    runtime: Annotated[Runtime, Depends(get_runtime)],
    event_type: str | None = None,
    correlation_id: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    filters = {
        key: value
        for key, value in {"event_type": event_type, "correlation_id": correlation_id}.items()
        if value
    }
    items, total = await EventLog(runtime.db).page(filters, (page - 1) * per_page, per_page)
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "items": [
            {"event_id": i["_id"], **{k: v for k, v in i.items() if k != "_id"}} for i in items
        ],
    }
