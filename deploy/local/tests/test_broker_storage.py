"""The embedded broker's storage: on persistent storage every record and every committed offset
survives a SIGKILL of the broker and a stop and start of the whole infrastructure (what
`make down` and `make up` do); memory storage still works, and loses everything on restart."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from linkwork_devstack import processes
from linkwork_devstack.infra import KAFKA, OBJECT_STORE, Infra, parse_broker_storage

pytestmark = pytest.mark.infra

TOPIC = "gp.referrals"
GROUP = "referral-intake"
SENT = 300
COMMITTED = 180
PARTITION = TopicPartition(TOPIC, 0)


@pytest.fixture(scope="module")
def persistent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    infra = _infra(tmp_path_factory.mktemp("persistent"), "persistent")
    infra.start()
    try:
        yield infra
    finally:
        infra.stop()


def _infra(run_dir: Path, storage: str) -> Infra:
    return Infra(
        run_dir,
        kafka_port=processes.free_port(),
        mongo_port=processes.free_port(),
        broker_storage=parse_broker_storage(storage),
    )


async def _send(bootstrap: str, count: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(TOPIC, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    try:
        sent = [await producer.send(TOPIC, f"referral-{n}".encode()) for n in range(count)]
        for delivery in sent:
            await delivery
    finally:
        await producer.stop()


async def _commit(bootstrap: str, offset: int) -> None:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign([PARTITION])
        await consumer.commit({PARTITION: offset})
    finally:
        await consumer.stop()


async def _committed(bootstrap: str) -> int | None:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=GROUP, enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign([PARTITION])
        return await consumer.committed(PARTITION)
    finally:
        await consumer.stop()


async def _read_all(bootstrap: str) -> list[str]:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, auto_offset_reset="earliest"
    )
    await consumer.start()
    try:
        consumer.assign([PARTITION])
        end = (await consumer.end_offsets([PARTITION]))[PARTITION]
        values: list[str] = []
        while len(values) < end:
            batches = await consumer.getmany(PARTITION, timeout_ms=2000, max_records=500)
            values += [record.value.decode() for record in batches.get(PARTITION, [])]
        return values
    finally:
        await consumer.stop()


async def _topics(bootstrap: str) -> list[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return await admin.list_topics()
    finally:
        await admin.close()


def _everything_is_there(infra: Infra) -> None:
    values = asyncio.run(_read_all(infra.kafka_bootstrap))
    assert values == [f"referral-{n}" for n in range(SENT)]
    assert asyncio.run(_committed(infra.kafka_bootstrap)) == COMMITTED


# The Infra methods probe the broker with asyncio.run of their own: these tests are not async.
def test_records_and_committed_offsets_survive_a_killed_broker_and_a_whole_restart(
    persistent: Infra,
) -> None:
    asyncio.run(_send(persistent.kafka_bootstrap, SENT))
    asyncio.run(_commit(persistent.kafka_bootstrap, COMMITTED))
    _everything_is_there(persistent)

    persistent.restart_broker(kill=True)
    _everything_is_there(persistent)

    persistent.stop()  # `make down`
    assert not processes.port_open(persistent.kafka_port)
    persistent.start()  # `make up`
    _everything_is_there(persistent)


async def _end_after_sending_one_at_a_time(bootstrap: str, topic: str, count: int) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for n in range(count):  # each its own batch, many in the same second
            await producer.send_and_wait(topic, f"{n}".encode(), partition=0)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partition = TopicPartition(topic, 0)
        return (await consumer.end_offsets([partition]))[partition]
    finally:
        await consumer.stop()


def test_the_end_offset_counts_batches_written_in_the_same_second(persistent: Infra) -> None:
    """Tansu takes the batch listed as modified last for the end: the store's times must not
    tie within a second (SeaweedFS lists whole seconds, and its end offsets fell short)."""
    bootstrap = persistent.kafka_bootstrap
    assert asyncio.run(_end_after_sending_one_at_a_time(bootstrap, "one.by.one", 20)) == 20


def test_the_object_store_keeps_its_data_under_the_run_directory(persistent: Infra) -> None:
    assert persistent.status() == {KAFKA: "ready", "mongodb": "ready", OBJECT_STORE: "ready"}
    data = persistent.run_dir / "data" / "objects"
    assert any(data.iterdir())
    assert processes.log_file(persistent.run_dir, OBJECT_STORE).exists()


def test_memory_storage_works_and_forgets_everything_when_the_broker_restarts(
    tmp_path: Path,
) -> None:
    infra = _infra(tmp_path, "memory")
    infra.start()
    try:
        assert set(infra.status()) == {KAFKA, "mongodb"}  # no object store to start
        asyncio.run(_send(infra.kafka_bootstrap, 20))
        assert len(asyncio.run(_read_all(infra.kafka_bootstrap))) == 20

        infra.restart_broker()
        assert TOPIC not in asyncio.run(_topics(infra.kafka_bootstrap))
    finally:
        infra.stop()


def test_an_unknown_broker_storage_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="memory or persistent, not 'disk'"):
        parse_broker_storage("disk")
