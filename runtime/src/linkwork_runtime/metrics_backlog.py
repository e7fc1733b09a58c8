"""What `/metrics` reads at each scrape (see metrics_api): how far each subscription is behind
its partitions, and how many events wait in the outbox and for how long."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import IllegalStateError
from faststream.kafka import KafkaBroker
from prometheus_client.core import GaugeMetricFamily, Metric
from pymongo.asynchronous.collection import AsyncCollection

from linkwork_runtime.metrics_api import Scrape
from linkwork_runtime.mongo import Document
from linkwork_runtime.settings import ServiceSettings

# A fetch answer older than this (a handler busy on one batch does not fetch) is not trusted
# for the partition's end: the broker is asked.
FRESH_HIGHWATER_MS = 5000


def consumer_lag(broker: KafkaBroker, settings: ServiceSettings) -> Scrape:
    """Messages each subscription has yet to take, per partition: the partition's end offset
    less the consumer's position, as the consumer itself knows them (Tansu has no call for a
    group's offsets). The end is the highwater of the consumer's last fetch answer; one
    ListOffsets call is made only for partitions it has not fetched lately."""
    group_prefix = f"{settings.consumer_group}."

    async def read_consumer_lag() -> Sequence[Metric]:
        family = GaugeMetricFamily(
            "linkwork_consumer_lag",
            "Messages on a partition its subscription has not yet taken",
            labels=["service", "topic", "subscription", "partition"],
        )
        for subscriber in broker.subscribers:
            consumer: AIOKafkaConsumer | None = getattr(subscriber, "consumer", None)
            if consumer is None:
                continue  # not started, or stopping
            subscription = (getattr(subscriber, "group_id", None) or "").removeprefix(group_prefix)
            for partition, lag in (await _lag(consumer)).items():
                topic = partition.topic.removeprefix(settings.kafka_topic_prefix)
                labels = [settings.service_name, topic, subscription, str(partition.partition)]
                family.add_metric(labels, lag)
        return [family]

    return read_consumer_lag


async def _lag(consumer: AIOKafkaConsumer) -> dict[TopicPartition, int]:
    now_ms = time.time() * 1000
    ends: dict[TopicPartition, int] = {}
    stale: list[TopicPartition] = []
    for partition in sorted(consumer.assignment()):
        fetched = consumer.last_poll_timestamp(partition)
        highwater = consumer.highwater(partition)
        if fetched and highwater is not None and now_ms - fetched <= FRESH_HIGHWATER_MS:
            ends[partition] = highwater
        else:
            stale.append(partition)
    if stale:
        asked: dict[Any, int] = await consumer.end_offsets(stale)
        ends |= asked
    lags: dict[TopicPartition, int] = {}
    for partition, end in ends.items():
        try:  # at once, unless its position is being reset (then it has none yet)
            position = await asyncio.wait_for(consumer.position(partition), 0.2)
        except (IllegalStateError, TimeoutError):  # revoked meanwhile, or resetting
            continue
        lags[partition] = max(0, end - position)
    return lags


def outbox_backlog(outbox: AsyncCollection[Document], service: str) -> Scrape:
    """How many events wait in the outbox and how long the oldest has waited: one count and
    one indexed find per scrape."""

    async def read_outbox_backlog() -> Sequence[Metric]:
        pending = await outbox.count_documents({"sent_at": None})
        oldest = await outbox.find_one(
            {"sent_at": None}, {"created_at": 1}, sort=[("sent_at", 1), ("_id", 1)]
        )
        age = 0.0
        if oldest is not None:
            created = oldest["created_at"]
            created = created if created.tzinfo else created.replace(tzinfo=UTC)
            age = max(0.0, (datetime.now(UTC) - created).total_seconds())
        count = GaugeMetricFamily(
            "linkwork_outbox_pending", "Events in the outbox not yet published", labels=["service"]
        )
        count.add_metric([service], pending)
        waited = GaugeMetricFamily(
            "linkwork_outbox_oldest_pending_age_seconds",
            "How long the oldest unpublished event has waited (0 when none waits)",
            labels=["service"],
        )
        waited.add_metric([service], age)
        return [count, waited]

    return read_outbox_backlog
