"""Whether a stack has caught up: every consumer group's lag on every topic it reads, every
service's outbox rows not yet published, and the notifications due but not yet sent.

An operator's view from outside the services (the broker's committed offsets; the services'
own databases read, not written, by this dev tool): the fault runs and the bad-input suite
wait on it, and print it when a stack does not settle.
"""

from __future__ import annotations

import asyncio
import importlib
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from linkwork_devstack.stack import SERVICES, StackConfig
from linkwork_runtime.unit_of_work import OUTBOX


@dataclass(frozen=True, order=True)
class Reader:
    """One consumer group and the topic it reads (names as on the broker)."""

    service: str
    group: str
    topic: str


@dataclass(frozen=True)
class Backlog:
    """What is not done yet: messages per consumer group, outbox rows per service, and
    notifications due now that are not sent."""

    lag: dict[Reader, int] = field(default_factory=dict)
    outbox: dict[str, int] = field(default_factory=dict)
    deliveries_due: int = 0

    @property
    def settled(self) -> bool:
        return not (any(self.lag.values()) or any(self.outbox.values()) or self.deliveries_due)

    def render(self) -> str:
        lines = [f"  {r.group} on {r.topic}: {n} behind" for r, n in sorted(self.lag.items()) if n]
        lines += [f"  {s} outbox: {n} unpublished" for s, n in sorted(self.outbox.items()) if n]
        if self.deliveries_due:
            lines.append(f"  notifications: {self.deliveries_due} due, not sent")
        return "\n".join(lines) or "  nothing outstanding"


def readers(config: StackConfig) -> list[Reader]:
    """Every subscription of every service, from the services' own definitions."""
    found: list[Reader] = []
    for service in config.ports:
        app = importlib.import_module(f"linkwork_{service}.app")
        settings_module = importlib.import_module(f"linkwork_{service}.settings")
        settings = settings_module.Settings(kafka_topic_prefix=config.topic_prefix)
        for sub in app.definition(settings).subscriptions:
            group = f"{settings.consumer_group}.{sub.name}"
            found.append(Reader(service, group, settings.topic(sub.topic)))
    return found


async def consumer_lag(bootstrap: str, wanted: Iterable[Reader]) -> dict[Reader, int]:
    """Messages each group has not committed past (a group that never committed: all).

    Committed offsets are read as a member of each group would (OffsetFetch through a
    consumer that joins nothing); the admin client's version of that request is one the
    embedded broker answers wrongly."""
    lag: dict[Reader, int] = {}
    for reader in wanted:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=reader.group,
            enable_auto_commit=False,
            request_timeout_ms=5000,
        )
        await consumer.start()
        try:
            partitions = [
                TopicPartition(reader.topic, p)
                for p in sorted(consumer.partitions_for_topic(reader.topic) or ())
            ]
            if not partitions:
                lag[reader] = 0  # nothing was ever published to it
                continue
            ends = await consumer.end_offsets(partitions)
            starts = await consumer.beginning_offsets(partitions)
            behind = 0
            for tp in partitions:
                committed = await consumer.committed(tp)
                behind += max(0, ends[tp] - (starts[tp] if committed is None else committed))
            lag[reader] = behind
        finally:
            await consumer.stop()
    return lag


async def unpublished(config: StackConfig, mongodb_uri: str) -> dict[str, int]:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongodb_uri)
    try:
        return {
            service: await client[f"{config.database_prefix}{service}"][OUTBOX].count_documents(
                {"sent_at": None}
            )
            for service in SERVICES
            if service in config.ports
        }
    finally:
        await client.close()


async def deliveries_due(config: StackConfig, mongodb_uri: str) -> int:
    """Notifications that should have gone by now (waiting out quiet hours is not due)."""
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(mongodb_uri)
    now = datetime.now(UTC)
    try:
        deliveries = client[f"{config.database_prefix}notifications"]["deliveries"]
        return await deliveries.count_documents(
            {"$or": [{"status": "pending", "not_before": {"$lte": now}}, {"status": "sending"}]}
        )
    finally:
        await client.close()


def backlog(config: StackConfig, wanted: list[Reader] | None = None) -> Backlog:
    bootstrap = config.kafka_bootstrap or config.infra.kafka_bootstrap
    mongodb_uri = config.mongodb_uri or config.infra.mongodb_uri

    async def measure() -> Backlog:
        return Backlog(
            lag=await consumer_lag(bootstrap, wanted or readers(config)),
            outbox=await unpublished(config, mongodb_uri),
            deliveries_due=await deliveries_due(config, mongodb_uri),
        )

    return asyncio.run(measure())


def wait_settled(config: StackConfig, timeout: float, poll: float = 1.0) -> tuple[bool, Backlog]:
    """Poll until nothing is outstanding twice running (a relay between publishing and
    consuming looks settled for a moment) or `timeout` passes; the last backlog seen."""
    wanted = readers(config)
    deadline = time.monotonic() + timeout
    calm = 0
    while True:
        try:
            seen = backlog(config, wanted)
        except (KafkaError, PyMongoError, OSError):  # a restart under way: not settled yet
            seen = Backlog(outbox={"(unreachable)": 1})
        calm = calm + 1 if seen.settled else 0
        if calm >= 2:
            return True, seen
        if time.monotonic() > deadline:
            return False, seen
        time.sleep(poll)
