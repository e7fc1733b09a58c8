"""What `linkwork-dev bench` sees from outside: records arriving on a topic (from its end at
the moment the watch starts), when each awaited one arrived, messages sent as fast as the
broker takes them, and how many requests the database server has answered."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

from linkwork_referral.dev.simulated_bars import source_referral_id

Seen = Callable[[ConsumerRecord[bytes, bytes], float], None]
SETTLING = ("ReferralAssigned", "ReferralAwaitingCapacity")


class TopicWatch:
    """Reads `topic` from its end as it was on entering; every record goes to `seen` with
    the moment (time.perf_counter) it arrived."""

    def __init__(self, bootstrap: str, topic: str, seen: Seen) -> None:
        self._consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
        self._topic = topic
        self._seen = seen
        self._task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> TopicWatch:
        await self._consumer.start()
        await self._consumer.topics()  # the metadata, so the topic's partitions are known
        numbers = self._consumer.partitions_for_topic(self._topic) or set()
        partitions = [TopicPartition(self._topic, p) for p in sorted(numbers)]
        if not partitions:
            raise RuntimeError(f"topic {self._topic} does not exist")
        self._consumer.assign(partitions)
        await self._consumer.seek_to_end(*partitions)
        for partition in partitions:  # resolved now, not at the first fetch after sending
            await self._consumer.position(partition)
        self._task = asyncio.create_task(self._read())
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._consumer.stop()

    async def _read(self) -> None:
        while True:
            batches = await self._consumer.getmany(timeout_ms=200)
            now = time.perf_counter()
            for records in batches.values():
                for record in records:
                    self._seen(record, now)


@dataclass
class Arrivals:
    """When each awaited key's record arrived (the first time)."""

    wanted: set[str]
    at: dict[str, float] = field(default_factory=dict)

    def see_key(self, record: ConsumerRecord[bytes, bytes], now: float) -> None:
        key = (record.key or b"").decode()
        if key in self.wanted:
            self.at.setdefault(key, now)

    @property
    def done(self) -> bool:
        return len(self.at) >= len(self.wanted)

    def first(self) -> float:
        return min(self.at.values())

    def last(self) -> float:
        return max(self.at.values())


@dataclass
class Settling(Arrivals):
    """Referrals (by source id) until each one's ReferralAssigned or ReferralAwaitingCapacity
    is on `referral.events`: their ReferralReceived says which referral id is whose."""

    source_of: dict[str, str] = field(default_factory=dict)  # referral id -> source id
    outcome: dict[str, str] = field(default_factory=dict)  # source id -> the event's type

    def see_event(self, record: ConsumerRecord[bytes, bytes], now: float) -> None:
        with contextlib.suppress(ValueError, AttributeError):
            event = json.loads(record.value or b"{}")
            kind, referral = event.get("event_type"), event.get("aggregate_id")
            if kind == "ReferralReceived":
                source = event.get("payload", {}).get("source_referral_id")
                if source in self.wanted:
                    self.source_of[referral] = source
            elif kind in SETTLING and referral in self.source_of:
                self.at.setdefault(self.source_of[referral], now)
                self.outcome.setdefault(self.source_of[referral], kind)


async def until(done: Callable[[], bool], timeout: float) -> bool:
    deadline = time.perf_counter() + timeout
    while not done():
        if time.perf_counter() > deadline:
            return False
        await asyncio.sleep(0.02)
    return True


async def send_all(bootstrap: str, topic: str, documents: Iterable[dict[str, Any]]) -> None:
    """Each document keyed by its source referral id, as fast as the broker acknowledges."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for document in documents:
            key = source_referral_id(document).encode()
            await producer.send(topic, json.dumps(document).encode(), key=key)
        await producer.flush()
    finally:
        await producer.stop()


async def create_topics(bootstrap: str, names: list[str], partitions: int = 3) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        for name in names:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([NewTopic(name, partitions, replication_factor=1)])
    finally:
        await admin.close()


class RequestMeter:
    """Requests the database server has answered (serverStatus opcounters: inserts, queries,
    updates, deletes, getMores and commands), less what the stack asks of it when idle
    (relay polls, leases, heartbeats), measured by `calibrate`."""

    def __init__(self, mongodb_uri: str) -> None:
        self._client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongodb_uri)
        self.idle_per_second = 0.0
        self.per_poll = 0.0  # what one look at the backlog (`settle.backlog`) asks itself

    async def reading(self) -> tuple[int, float] | None:
        """The server's count and when it was read; None if the server does not say."""
        try:
            status = await self._client.admin.command("serverStatus")
        except PyMongoError:
            return None
        counters = status.get("opcounters")
        if not isinstance(counters, dict):
            return None
        return sum(int(n) for n in counters.values()), time.perf_counter()

    async def calibrate(self, seconds: float = 3.0) -> None:
        first = await self.reading()
        await asyncio.sleep(seconds)
        last = await self.reading()
        if first and last:
            self.idle_per_second = max(0.0, (last[0] - first[0] - 1) / (last[1] - first[1]))

    def beyond_idle(
        self, before: tuple[int, float] | None, after: tuple[int, float] | None
    ) -> float:
        """Requests between two readings beyond the idle load (the later reading's own
        serverStatus not counted)."""
        if before is None or after is None:
            return 0.0
        return after[0] - before[0] - 1 - self.idle_per_second * (after[1] - before[1])

    def per_message(
        self,
        before: tuple[int, float] | None,
        after: tuple[int, float] | None,
        count: int,
        polls: int = 0,
    ) -> float | None:
        """Requests per message between two readings, less the idle load and `polls` looks
        at the backlog."""
        if before is None or after is None or count == 0:
            return None
        return max(0.0, self.beyond_idle(before, after) - polls * self.per_poll) / count

    async def close(self) -> None:
        await self._client.close()
