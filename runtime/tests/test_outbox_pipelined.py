"""The pipelined outbox relay against the real broker and database: a round goes out at once
and is marked in one write, a failure in the middle keeps each key's order, a commit wakes
the relay, and of two relays on one database only the lease holder publishes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer
from aiokafka.errors import RequestTimedOutError
from aiokafka.partitioner import DefaultPartitioner
from bson import Binary
from pymongo import monitoring
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_devstack.testing import Record, read_topic
from linkwork_runtime.kafka import OutboxProducer, ensure_topics
from linkwork_runtime.mongo import Document, connect, ensure_indexes
from linkwork_runtime.outbox import LEASES, OutboxRecord, OutboxRelay, Outcome, RoundFailed
from linkwork_runtime.repository import Stores
from linkwork_runtime.service import Runtime
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import OUTBOX, RUNTIME_INDEXES, Transaction
from linkwork_schemas import topics
from linkwork_schemas.referral import ReferralWithdrawn, ReferralWithdrawnPayload

KEYS = [f"r-{n}" for n in range(6)]


class CommandLog(monitoring.CommandListener):
    """The database commands the relay sent, by name and collection."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, object]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.commands.append((event.command_name, event.command.get(event.command_name)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def count(self, name: str, collection: str) -> int:
        return self.commands.count((name, collection))


@pytest.fixture
async def database(
    settings: ServiceSettings,
) -> AsyncIterator[tuple[AsyncDatabase[Document], CommandLog]]:
    log = CommandLog()
    # As the runtime gives the relay: a client without retryable writes.
    client = connect(settings.mongodb_uri, retry_writes=False, listeners=[log])
    db = client[settings.mongodb_database]
    await ensure_indexes(db, RUNTIME_INDEXES)
    await ensure_topics(settings, [topics.REFERRAL_EVENTS])
    yield db, log
    await client.close()


def outbox_row(key: str, step: int) -> Document:
    event_id = str(uuid.uuid4())
    return {
        "event_id": event_id,
        "topic": topics.REFERRAL_EVENTS,
        "key": key,
        "event_type": "ReferralWithdrawn",
        "headers": {"event_id": event_id, "event_type": "ReferralWithdrawn", "step": str(step)},
        "body": Binary(f'{{"step": {step}}}'.encode()),
        "created_at": datetime.now(UTC),
        "sent_at": None,
    }


async def commit_rows(db: AsyncDatabase[Document], per_key: int) -> dict[str, list[str]]:
    """Rows for every key, interleaved as commits of several aggregates are; each key's ids."""
    rows = [outbox_row(key, step) for step in range(per_key) for key in KEYS]
    await db[OUTBOX].insert_many(rows, ordered=True)
    return {key: [r["event_id"] for r in rows if r["key"] == key] for key in KEYS}


def by_key(records: list[Record]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for record in records:
        seen.setdefault((record.key or b"").decode(), []).append(record.headers["event_id"])
    return seen


async def pending_ids(db: AsyncDatabase[Document]) -> list[str]:
    rows = await db[OUTBOX].find({"sent_at": None}).sort("_id", 1).to_list()
    return [row["event_id"] for row in rows]


async def test_a_round_goes_out_in_each_keys_order_and_is_marked_sent_in_one_write(
    settings: ServiceSettings, database: tuple[AsyncDatabase[Document], CommandLog]
) -> None:
    db, log = database
    expected = await commit_rows(db, per_key=5)
    relay = OutboxRelay(db[OUTBOX], db[LEASES], OutboxProducer(settings), batch_size=100)
    try:
        assert await relay.publish_pending() == 30
        assert await relay.pending_count() == 0
        assert log.count("update", OUTBOX) == 1
        # The lease is renewed only when half of it has passed, not every round.
        await db[OUTBOX].insert_one(outbox_row("r-0", 5))
        assert await relay.publish_pending() == 1
        assert log.count("findAndModify", LEASES) == 1
    finally:
        await relay.stop()
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: len(r) >= 31,
    )
    seen = by_key(records)
    assert {key: ids[:5] for key, ids in seen.items()} == expected
    assert len(seen["r-0"]) == 6


async def test_a_broker_error_in_the_middle_of_a_round_holds_back_its_partition_in_order(
    settings: ServiceSettings,
    database: tuple[AsyncDatabase[Document], CommandLog],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db, _log = database
    expected = await commit_rows(db, per_key=4)
    held_back = {key for key in KEYS if partition_of(key) == partition_of("r-0")}
    assert held_back == {"r-0", "r-3", "r-5"}  # the other keys are on the other partitions
    refuse_once(monkeypatch, settings.topic(topics.REFERRAL_EVENTS), partition_of("r-0"))

    relay = OutboxRelay(db[OUTBOX], db[LEASES], OutboxProducer(settings), batch_size=100)
    try:
        with pytest.raises(RoundFailed):
            await relay.publish_pending()
        # What the broker acknowledged is marked; the refused partition's rows wait, in order.
        in_commit_order = [expected[key][step] for step in range(4) for key in KEYS]
        assert await pending_ids(db) == [
            event_id for event_id in in_commit_order if key_of(expected, event_id) in held_back
        ]
        assert await relay.publish_pending() == 4 * len(held_back)
        assert await relay.pending_count() == 0
    finally:
        await relay.stop()
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: len(r) >= 24,
    )
    assert by_key(records) == expected


async def test_what_does_not_fit_a_partitions_batch_waits_for_the_next_round_in_order(
    settings: ServiceSettings, database: tuple[AsyncDatabase[Document], CommandLog]
) -> None:
    db, _log = database
    rows = [outbox_row("r-big", step) | {"body": Binary(bytes(100_000))} for step in range(8)]
    await db[OUTBOX].insert_many(rows, ordered=True)
    relay = OutboxRelay(db[OUTBOX], db[LEASES], OutboxProducer(settings), batch_size=100)
    try:
        first = await relay.publish_pending()
        assert 0 < first < 8  # a record batch holds about half a megabyte
        assert await pending_ids(db) == [row["event_id"] for row in rows[first:]]
        while await relay.publish_pending():
            pass
    finally:
        await relay.stop()
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: len(r) >= 8,
    )
    assert by_key(records) == {"r-big": [row["event_id"] for row in rows]}


def refuse_once(monkeypatch: pytest.MonkeyPatch, topic: str, partition: int) -> None:
    """The broker refuses the first record batch for `partition` of `topic` (as a partition
    without a leader past the request timeout does); every other batch goes through to it."""
    send_batch = AIOKafkaProducer.send_batch
    refusals = [RequestTimedOutError()]

    async def refusing(
        self: AIOKafkaProducer, batch: object, to: str, *, partition: int
    ) -> asyncio.Future[object]:
        if (to, partition) == refused and refusals:
            failed: asyncio.Future[object] = asyncio.get_running_loop().create_future()
            failed.set_exception(refusals.pop())
            return failed
        future: asyncio.Future[object] = await send_batch(self, batch, to, partition=partition)
        return future

    refused = (topic, partition)
    monkeypatch.setattr(AIOKafkaProducer, "send_batch", refusing)


def partition_of(key: str) -> int:
    partitions = [0, 1, 2]  # the test settings' kafka_topic_partitions
    result: int = DefaultPartitioner()(key.encode(), partitions, partitions)
    return result


def key_of(expected: dict[str, list[str]], event_id: str) -> str:
    return next(key for key, ids in expected.items() if event_id in ids)


class Recording:
    """A publisher that acknowledges everything and remembers what it was given."""

    def __init__(self) -> None:
        self.published: list[str] = []

    async def publish(self, records: Sequence[OutboxRecord]) -> list[Outcome]:
        self.published += [record.event_id for record in records]
        return [True] * len(records)

    async def close(self) -> None:
        pass


async def test_of_two_relays_on_one_database_only_the_lease_holder_publishes(
    database: tuple[AsyncDatabase[Document], CommandLog],
) -> None:
    db, _log = database
    first, second = Recording(), Recording()
    holder = OutboxRelay(db[OUTBOX], db[LEASES], first, lease_seconds=0.6)
    standby = OutboxRelay(db[OUTBOX], db[LEASES], second, lease_seconds=0.6)
    await commit_rows(db, per_key=1)
    assert await holder.publish_pending() == 6
    await commit_rows(db, per_key=1)
    assert await standby.publish_pending() == 0
    assert second.published == []

    # The holder stops renewing (it hangs, say): once its lease ran out the standby takes over
    # and the old holder, finding the lease taken, publishes nothing.
    await asyncio.sleep(0.7)
    assert await standby.publish_pending() == 6
    await commit_rows(db, per_key=1)
    assert await holder.publish_pending() == 0
    assert len(first.published) == 6
    assert len(set(first.published + second.published)) == 12


async def test_a_commit_wakes_the_relay_long_before_its_poll(settings: ServiceSettings) -> None:
    slow_poll = settings.model_copy(update={"outbox_poll_seconds": 30.0})
    runtime: Runtime[Stores] = Runtime(slow_poll, Stores)
    await ensure_indexes(runtime.db, RUNTIME_INDEXES)
    await ensure_topics(slow_poll, [topics.REFERRAL_EVENTS])
    relay = asyncio.create_task(runtime.relay.run())
    try:
        await asyncio.sleep(0.3)  # the relay found nothing and waits for a commit or the poll
        started = asyncio.get_running_loop().time()
        event = await runtime.uow.run(withdraw("r-woken"))
        records = await read_topic(
            slow_poll.kafka_bootstrap_servers,
            slow_poll.topic(topics.REFERRAL_EVENTS),
            until=bool,
            timeout=10,
        )
        waited = asyncio.get_running_loop().time() - started
    finally:
        relay.cancel()
        await runtime.relay.stop()
        await runtime.mongo.close()
        await runtime.direct.close()
    assert [r.headers["event_id"] for r in records] == [str(event.event_id)]
    assert waited < 5


def withdraw(referral_id: str) -> object:
    async def work(tx: Transaction) -> ReferralWithdrawn:
        return await tx.record(
            ReferralWithdrawn,
            aggregate_id=referral_id,
            payload=ReferralWithdrawnPayload(
                referral_id=referral_id, reason="moved out of area", withdrawn_by="mgr-1"
            ),
        )

    return work
