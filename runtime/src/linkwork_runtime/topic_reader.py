"""Reading a topic as it stands: every record up to the end offsets taken at the start.

Used by ops tooling (dead letters) and by the tests' helpers; services consume through
faststream subscribers, never through this."""

from __future__ import annotations

import time
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes
    headers: dict[str, str]


async def read_all(bootstrap: str, topic: str, timeout: float = 30.0) -> list[Record]:
    """Everything on `topic` now, by partition and offset: read up to the end offsets taken
    at the start. A topic that does not exist (yet) has nothing on it."""
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
            records += await next_records(consumer)
        return sorted(records, key=lambda r: (r.partition, r.offset))
    finally:
        await consumer.stop()


async def next_records(consumer: AIOKafkaConsumer) -> list[Record]:
    """The next batch a started consumer fetches (waiting up to 200 ms), as Records."""
    batch = await consumer.getmany(timeout_ms=200)
    return [
        Record(
            m.topic, m.partition, m.offset, m.key, m.value, {k: v.decode() for k, v in m.headers}
        )
        for messages in batch.values()
        for m in messages
    ]


async def _reached(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for partition, end in ends.items():
        if await consumer.position(partition) < end:
            return False
    return True
