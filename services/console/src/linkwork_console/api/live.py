"""`/live`: the page's one live connection (Server-Sent Events, authenticated by the session
cookie). The console subscribes to the notifications service's stream with the person's token
and passes each message on with its id, so a reconnecting page (`Last-Event-ID`) resumes with
nothing lost; when the session ends the page is told, and the stream closes."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncGenerator
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from linkwork_console.api.deps import INBOXES, BackendsDep, SessionDep, Store, StoreDep
from linkwork_console.backends import BackendRefused, Backends, BackendUnavailable
from linkwork_console.domain.live import SESSION_ENDED, FeedHandler, LiveEvent
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.sessions import live_session
from linkwork_runtime.access import Refused, confined
from linkwork_runtime.metrics import counted_stream
from linkwork_runtime.unit_of_work import Clock

router = APIRouter(tags=["live"])
SESSION_CHECK_SECONDS = 15.0  # a session ended elsewhere (signed out) stops its streams


@router.get(
    "/live",
    summary="Live updates for the signed-in page (Server-Sent Events)",
    dependencies=[confined(Refused.LEFT_OUT, **INBOXES)],  # the person's own stream, relayed
)
async def live(
    request: Request,
    session: SessionDep,
    backends: BackendsDep,
    store: StoreDep,
    last_event_id: Annotated[str | None, Header(alias="Last-Event-ID")] = None,
    resume_after: Annotated[
        str | None, Query(alias="last_event_id", description="A new page resumes the last's")
    ] = None,
) -> EventSourceResponse:
    clock: Clock = request.app.state.clock
    handler: FeedHandler = request.app.state.on_feed_message
    # The connection's own last id (a reconnect) wins over the one a new page brought.
    relay = _relay(session, backends, store, clock, handler, last_event_id or resume_after)
    service = request.app.state.settings.service_name
    return EventSourceResponse(counted_stream(relay, service, "live"), ping=15, send_timeout=30)


async def _relay(
    session: Session,
    backends: Backends,
    store: Store,
    clock: Clock,
    handler: FeedHandler,
    last_event_id: str | None,
) -> AsyncGenerator[ServerSentEvent, None]:
    queue: asyncio.Queue[LiveEvent | None] = asyncio.Queue()
    reader = asyncio.create_task(_read_feed(session, backends, handler, last_event_id, queue))
    try:
        while True:
            try:
                item = await asyncio.wait_for(queue.get(), SESSION_CHECK_SECONDS)
            except TimeoutError:
                if await live_session(store, session.id, clock()) is None:
                    yield _sse(SESSION_ENDED)
                    return
                continue
            if item is None:
                return
            yield _sse(item)
            if item.event == "expired":
                return
    finally:
        reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reader


async def _read_feed(
    session: Session,
    backends: Backends,
    handler: FeedHandler,
    last_event_id: str | None,
    queue: asyncio.Queue[LiveEvent | None],
) -> None:
    try:
        async with backends.notifications.events("/stream", session.token, last_event_id) as feed:
            async for message in feed.aiter_sse():
                event = handler(message.event, message.data, message.id)
                if event is not None:
                    await queue.put(event)
    except BackendRefused as refused:
        if refused.status == 401:
            await queue.put(SESSION_ENDED)
    except BackendUnavailable:
        await queue.put(LiveEvent("unavailable", {"part": "live updates"}))
    finally:
        await queue.put(None)


def _sse(event: LiveEvent) -> ServerSentEvent:
    return ServerSentEvent(data=json.dumps(event.data), event=event.event, id=event.id)
