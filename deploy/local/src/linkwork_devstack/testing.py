"""Helpers for tests against the real broker and database: read and write topics, run a
service app in-process with its lifespan, wait for an outcome."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from fastapi import FastAPI

from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings

T = TypeVar("T")
S = TypeVar("S", bound=ServiceSettings)


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]


def settings_for(cls: type[S], kafka: str, mongo: str, tag: str, **overrides: Any) -> S:
    """Settings of one service, isolated under `tag` (topics and database)."""
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": kafka,
        "mongodb_uri": mongo,
        "kafka_topic_prefix": f"{tag}.",
        "kafka_session_timeout_ms": 3000,
        "outbox_poll_seconds": 0.1,
        "retry_max_backoff_seconds": 0.2,
        **overrides,
    }
    settings = cls(**values)
    return settings.model_copy(
        update={"mongodb_database": f"{tag}_{settings.service_name}"}
        if "mongodb_database" not in overrides
        else {}
    )


async def publish(
    bootstrap: str,
    topic: str,
    value: bytes,
    key: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topic,
            value,
            key=key,
            headers=[(k, v.encode()) for k, v in (headers or {}).items()],
        )
    finally:
        await producer.stop()


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[Record]], bool],
    timeout: float = 45.0,
) -> list[Record]:
    """Read `topic` from the beginning until `until(records)` holds or time runs out."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    records: list[Record] = []
    deadline = time.monotonic() + timeout
    try:
        while not until(records) and time.monotonic() < deadline:
            records += await _next_records(consumer)
    finally:
        await consumer.stop()
    return records


async def _next_records(consumer: AIOKafkaConsumer) -> list[Record]:
    batch = await consumer.getmany(timeout_ms=200)
    return [
        Record(
            m.topic, m.partition, m.offset, m.key, m.value, {k: v.decode() for k, v in m.headers}
        )
        for messages in batch.values()
        for m in messages
    ]


async def read_all(bootstrap: str, topic: str, timeout: float = 30.0) -> list[Record]:
    """Everything on `topic` now: read up to the end offsets taken at the start."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()  # fetch metadata, so the topic's partitions are known
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
        if not partitions:
            return []
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[Record] = []
        deadline = time.monotonic() + timeout
        while not await _reached(consumer, ends):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read all of {topic} in {timeout:.0f}s")
            records += await _next_records(consumer)
        return sorted(records, key=lambda r: (r.partition, r.offset))
    finally:
        await consumer.stop()


async def _reached(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for partition, end in ends.items():
        if await consumer.position(partition) < end:
            return False
    return True


async def eventually(
    probe: Callable[[], Awaitable[T]], check: Callable[[T], bool], timeout: float = 45.0
) -> T:
    """Poll `probe` until `check` holds; return the last value (the test asserts on it).

    The generous default absorbs a consumer-group rebalance on a loaded 2-core machine; a
    passing test returns as soon as the outcome is there.
    """
    deadline = time.monotonic() + timeout
    value = await probe()
    while not check(value) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        value = await probe()
    return value


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run a service app with its lifespan (broker, relay, workers) and an HTTP client to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


def bearer(settings: ServiceSettings, sub: str, *roles: str, **claims: str) -> dict[str, str]:
    token = issue_token(settings.auth_jwt_secret, sub, list(roles), claims=claims)
    return {"Authorization": f"Bearer {token}"}
