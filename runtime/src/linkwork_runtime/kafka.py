"""Kafka plumbing: the faststream broker, topic creation, and the outbox relay's producer."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from aiokafka import AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError, TopicAlreadyExistsError
from aiokafka.partitioner import DefaultPartitioner
from faststream.kafka import KafkaBroker

from linkwork_runtime.outbox import OutboxRecord, Outcome
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import topics


def build_broker(settings: ServiceSettings) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=settings.service_name,
        acks="all",
        logger=None,
    )


async def ensure_topics(settings: ServiceSettings, names: list[str] | None = None) -> None:
    """Create the contract topics, their dead-letter topics and the outbound topics if they
    do not exist."""
    wanted = names or [
        *(t for name in topics.ALL_TOPICS for t in (name, topics.dead_letter_topic(name))),
        *topics.OUTBOUND,
    ]
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [settings.topic(name) for name in wanted if settings.topic(name) not in existing]
        for name in missing:
            # Another service starting at the same time may create it first.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [
                        NewTopic(
                            name,
                            num_partitions=settings.kafka_topic_partitions,
                            replication_factor=settings.kafka_replication_factor,
                        )
                    ]
                )
    finally:
        await admin.close()


class OutboxProducer:
    """The relay's own producer (acks from all replicas): a round of outbox records goes out as
    one record batch per partition, all batches at once.

    The broker appends a batch whole or not at all, and the relay awaits every batch before its
    next round, so a record is acknowledged only with every earlier record of its partition in
    the round. Sending record by record would not hold that: aiokafka can put a later record in
    a later batch that succeeds after the earlier batch failed for good. A record that does not
    fit its partition's batch waits for the next round, as do the later ones of that partition.
    """

    def __init__(self, settings: ServiceSettings) -> None:
        self._settings = settings
        self._producer: AIOKafkaProducer | None = None  # built on first use, in the running loop

    async def publish(self, records: Sequence[OutboxRecord]) -> list[Outcome]:
        producer = await self._started()
        outcomes: list[Outcome] = [False] * len(records)  # False: it waits for the next round
        # Each topic's partitions once a round: a record must not go out after an earlier one
        # of its topic failed on them.
        names = {self._settings.topic(record.topic) for record in records}
        partitions = {name: await _partitions_of(producer, name) for name in names}
        batches: dict[TopicPartition, _PartitionBatch] = {}
        for index, record in enumerate(records):
            topic = self._settings.topic(record.topic)
            known = partitions[topic]
            if isinstance(known, Exception):
                outcomes[index] = known
                continue
            tp = TopicPartition(topic, _PARTITIONER(record.key.encode(), known, known))
            batches.setdefault(tp, _PartitionBatch(producer.create_batch())).add(index, record)
        results = await asyncio.gather(
            *(_deliver(producer, tp, batch) for tp, batch in batches.items()),
            return_exceptions=True,
        )
        for batch, result in zip(batches.values(), results, strict=True):
            if not isinstance(result, Exception | None):
                raise result  # cancelled: the caller marks nothing
            for index in batch.indexes:
                outcomes[index] = True if result is None else result
        return outcomes

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None

    async def _started(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                bootstrap_servers=self._settings.kafka_bootstrap_servers,
                client_id=f"{self._settings.service_name}-outbox",
                acks="all",
                max_batch_size=_BATCH_BYTES,
            )
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer


# Well under the broker's default limit on a record batch (1 MiB), with room for its framing.
_BATCH_BYTES = 512 * 1024
# The partitioner every Kafka client uses by default (murmur2 of the key, over all partitions):
# an aggregate's events stay on the partition they went to before.
_PARTITIONER = DefaultPartitioner()


@dataclass
class _PartitionBatch:
    """One partition's records in a round; once one does not fit, the later ones wait too."""

    builder: Any  # aiokafka's BatchBuilder
    indexes: list[int] = field(default_factory=list)
    full: bool = False

    def add(self, index: int, record: OutboxRecord) -> None:
        headers = [(name, value.encode()) for name, value in record.headers.items()]
        self.full = self.full or (
            self.builder.append(
                timestamp=None, key=record.key.encode(), value=record.body, headers=headers
            )
            is None
        )
        if not self.full:
            self.indexes.append(index)


async def _partitions_of(producer: AIOKafkaProducer, topic: str) -> list[int] | Exception:
    try:
        partitions: set[int] = await producer.partitions_for(topic)
    except KafkaError as error:  # e.g. no metadata for it within the request timeout
        return cast(Exception, error)
    return sorted(partitions)


async def _deliver(producer: AIOKafkaProducer, tp: TopicPartition, batch: _PartitionBatch) -> None:
    await (await producer.send_batch(batch.builder, tp.topic, partition=tp.partition))
