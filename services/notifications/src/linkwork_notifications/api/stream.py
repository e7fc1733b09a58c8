"""GET /stream: the live feed as Server-Sent Events, read from the persisted, ordered feed.

Each message's `id` is the feed item's sequence number. A client that reconnects with
`Last-Event-ID` (EventSource does this by itself) gets exactly what it missed: nothing lost,
nothing repeated. Without one the stream starts from now. Event names: `notification` (yours),
`referral` and `journey` (updates of cases you may see), `envelope` (ops: every event),
first `reset` when resuming from an id older than the feed keeps (FEED_RETENTION_DAYS), and
last `expired`: the token's lifetime is the stream's, so a revoked or departed user's screen
stops receiving; the client reconnects with a fresh token and the last id it saw.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query
from fastapi.encoders import jsonable_encoder
from sse_starlette import EventSourceResponse, ServerSentEvent

from linkwork_notifications.api.deps import (
    INBOXES,
    FeedWritten,
    SettingsDep,
    StoreDep,
    StreamReader,
)
from linkwork_notifications.domain.feed_access import FeedAccess, feed_access
from linkwork_notifications.queries import feed
from linkwork_runtime.access import Refused, confined
from linkwork_runtime.metrics import counted_stream
from linkwork_runtime.mongo import Document

router = APIRouter(tags=["live feed"])
BATCH = 100
RECONNECT_MILLISECONDS = 1000
EXPIRED = "your token has expired: reconnect with a new one and the last event id you received"


@router.get(
    "/stream",
    summary="Live feed (Server-Sent Events): your notifications and your cases' updates",
    response_class=EventSourceResponse,
    dependencies=[confined(Refused.LEFT_OUT, **INBOXES)],
)
async def stream(
    principal: StreamReader,
    store: StoreDep,
    settings: SettingsDep,
    written: FeedWritten,
    last_event_id_header: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    last_event_id: Annotated[
        str | None, Query(description="As the Last-Event-ID header, for a first connection")
    ] = None,
) -> EventSourceResponse:
    after, gap = await feed.start(store, last_event_id_header or last_event_id)
    access = feed_access(principal)
    followed = feed.follow(
        store, access, after, settings.feed_poll_seconds, principal.expires_at, BATCH, written
    )
    items = _events(followed, access)
    events = _after_reset(items, settings.feed_retention_days) if gap else items
    return EventSourceResponse(
        counted_stream(events, settings.service_name, "stream"),
        ping=settings.stream_ping_seconds,
    )


async def _events(
    items: AsyncIterator[Document], access: FeedAccess
) -> AsyncGenerator[ServerSentEvent, None]:
    yield ServerSentEvent(retry=RECONNECT_MILLISECONDS, comment="linkwork live feed")
    async for item in items:
        name, data = _message(item, access)
        yield ServerSentEvent(id=str(item["seq"]), event=name, data=json.dumps(data))
    yield ServerSentEvent(event="expired", data=json.dumps({"message": EXPIRED}))


async def _after_reset(
    items: AsyncGenerator[ServerSentEvent, None], retention_days: float
) -> AsyncGenerator[ServerSentEvent, None]:
    """A client resuming from before what the feed still keeps may have missed something:
    say so first (`reset`: reload what you show from the services' APIs), then go on."""
    yield await anext(items)  # the retry advice
    message = (
        f"the live feed keeps items for {retention_days:g} days and some after your last id "
        "are gone: reload what you show, then carry on with this stream"
    )
    yield ServerSentEvent(event="reset", data=json.dumps({"message": message}))
    async for item in items:
        yield item


def _message(item: Document, access: FeedAccess) -> tuple[str, Any]:
    if item["kind"] == "notification":
        return "notification", jsonable_encoder(item["notification"])
    if access.envelopes or item.get("update") is None:
        return "envelope", jsonable_encoder(item["envelope"])
    return item["stream"], jsonable_encoder(item["update"])
