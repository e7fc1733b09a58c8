"""Prometheus metrics every service exposes on `/metrics`.

Labels name only bounded things (the service, a topic, a subscription, a kind of failure, a
channel, a route template, a status): never a person, never an id.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
