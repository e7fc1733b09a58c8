"""Prometheus metrics every service exposes on `/metrics`.

Labels name only bounded things (the service, a topic, a subscription, a kind of failure, a
channel, a route template, a status): never a person, never an id.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncGenerator, Iterable
from typing import TypeVar

from prometheus_client import Counter, Gauge, Histogram

_SUBSCRIPTION = ["service", "topic", "subscription"]

CONSUMED = Counter(
    "linkwork_messages_consumed",
    "Messages a subscription took from its topic",
    _SUBSCRIPTION,
)
PROCESSED = Counter(
    "linkwork_messages_processed",
    "Messages whose effects were committed",
    _SUBSCRIPTION,
)
DUPLICATES = Counter(
    "linkwork_messages_duplicate",
    "Messages skipped as already processed (a redelivery or a replay)",
    _SUBSCRIPTION,
)
DEAD_LETTERED = Counter(
    "linkwork_messages_dead_lettered",
    "Messages kept on the dead-letter topic, by kind (invalid_message, handler_refused, "
    "handler_error)",
    [*_SUBSCRIPTION, "kind"],
)
REDELIVERED = Counter(
    "linkwork_messages_redelivered",
    "Messages handed back to the broker after transient failures outlasted the retries",
    _SUBSCRIPTION,
)
HANDLER_SECONDS = Histogram(
    "linkwork_handler_duration_seconds",
    "Time one message's handler took, inside its transaction",
    _SUBSCRIPTION,
)
BATCH_SECONDS = Histogram(
    "linkwork_batch_duration_seconds",
    "Time one batch took from parse to offset commit",
    _SUBSCRIPTION,
)
BATCH_SIZE = Histogram(
    "linkwork_batch_size",
    "Messages per batch taken from the broker",
    _SUBSCRIPTION,
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500),
)

DEAD_LETTER_KINDS = ("invalid_message", "handler_refused", "handler_error")


def start_at_zero(service: str, subscriptions: Iterable[tuple[str, str]]) -> None:
    """Each (topic, subscription)'s counters at 0 from the start, not from their first count:
    Prometheus sees the first dead letter as an increase, and the alert on it fires."""
    for topic, subscription in subscriptions:
        labels = (service, topic, subscription)
        for counter in (CONSUMED, PROCESSED, DUPLICATES, REDELIVERED):
            counter.labels(*labels)
        for histogram in (HANDLER_SECONDS, BATCH_SECONDS, BATCH_SIZE):
            histogram.labels(*labels)
        for kind in DEAD_LETTER_KINDS:
            DEAD_LETTERED.labels(*labels, kind)


# HTTP, as the FastAPI instrumentator measures it (metrics_api.serve_metrics): the route's
# template, never the raw path; requests matching no route are all `handler="none"`.
HTTP_REQUESTS = Counter(
    "http_requests",
    "HTTP requests answered, by route template and status",
    ["service", "method", "handler", "status"],
)
HTTP_SECONDS = Histogram(
    "http_request_duration_seconds",
    "Time to the start of the answer (a stream's first byte, not its whole life)",
    ["service", "method", "handler"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
OPEN_STREAMS = Gauge(
    "linkwork_sse_streams_open",
    "Server-Sent Events streams open now",
    ["service", "stream"],
)
DELIVERIES = Counter(
    "linkwork_deliveries",
    "E-mails and text messages made final, by channel and outcome (sent, failed, cancelled)",
    ["service", "channel", "outcome"],
)

Event = TypeVar("Event")


async def counted_stream(
    events: AsyncGenerator[Event, None], service: str, stream: str
) -> AsyncGenerator[Event, None]:
    """`events`, counted in OPEN_STREAMS while a client reads them (a disconnect ends it)."""
    with OPEN_STREAMS.labels(service, stream).track_inprogress():
        async with contextlib.aclosing(events):
            async for event in events:
                yield event
