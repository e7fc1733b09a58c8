"""The replay: each consumed topic read from its earliest offset to its end as it stood when
the rebuild began, its events applied in batches through the service's own subscriptions (the
same handlers, the same processed marks), in transactions on the fresh database.

Because the processed marks are the live service's own, a service switched to the fresh
database and resuming from its committed offsets skips every event the replay applied."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from linkwork_insights.app import subscriptions
from linkwork_insights.settings import Settings
from linkwork_insights.store import INDEXES, Store
from linkwork_insights.store.active import active_database, switch_to
from linkwork_insights.store.published import Published
from linkwork_runtime.consumer import Subscription, apply_batch
from linkwork_runtime.mongo import Document, connect, ensure_indexes
from linkwork_runtime.unit_of_work import RUNTIME_INDEXES, UnitOfWork
from linkwork_schemas import Event, InvalidMessage

BATCH = 500
Progress = Callable[[int], None]


async def _ends(consumer: AIOKafkaConsumer, topic: str) -> dict[TopicPartition, int]:
    await consumer.topics()
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
    return await consumer.end_offsets(partitions) if partitions else {}


async def count_events(settings: Settings, names: Sequence[str]) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_auto_commit=False
    )
    await consumer.start()
    try:
        total = 0
        for name in names:
            ends = await _ends(consumer, settings.topic(name))
            starts = await consumer.beginning_offsets(list(ends)) if ends else {}
            total += sum(ends[tp] - starts[tp] for tp in ends)
        return total
    finally:
        await consumer.stop()


async def _replay_topic(
    settings: Settings,
    uow: UnitOfWork[Store],
    subscription: Subscription[Event],
    progress: Progress,
) -> int:
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_auto_commit=False,
        max_poll_records=BATCH,
    )
    await consumer.start()
    applied = 0
    try:
        ends = {
            tp: end
            for tp, end in (await _ends(consumer, settings.topic(subscription.topic))).items()
        }
        if not ends:
            return 0
        consumer.assign(list(ends))
        await consumer.seek_to_beginning(*ends)
        while any([await consumer.position(tp) < end for tp, end in ends.items()]):
            fetched = await consumer.getmany(timeout_ms=500, max_records=BATCH)
            records = [r for tp, batch in fetched.items() for r in batch if r.offset < ends[tp]]
            events = [event for event in map(_parsed(subscription), records) if event is not None]
            if events:
                await uow.run(_applying(subscription, events))
            applied += len(events)
            progress(len(records))
        return applied
    finally:
        await consumer.stop()


def _applying(subscription: Subscription[Event], events: list[Event]) -> Callable[[Any], Any]:
    async def work(tx: Any) -> None:
        await apply_batch(subscription, tx, events)

    return work


def _parsed(subscription: Subscription[Event]) -> Callable[[Any], Event | None]:
    def parse(record: Any) -> Event | None:
        try:
            return subscription.parse(record.value)
        except InvalidMessage:
            return None  # the live service dead-lettered it: nothing to rebuild from it

    return parse


async def rebuild(settings: Settings, progress: Progress, *, now: datetime | None = None) -> str:
    """Build a fresh database from the topics, carry the published reports over, switch the
    pointer to it; the fresh database's name."""
    at = now or datetime.now(UTC)
    client = connect(settings.mongodb_uri)
    try:
        base = settings.mongodb_database
        old = await active_database(client, base)
        fresh = f"{base}_{at.strftime('%Y%m%d%H%M%S%f')}"
        db = client[fresh]
        await ensure_indexes(db, {**RUNTIME_INDEXES, **INDEXES})
        uow: UnitOfWork[Store] = UnitOfWork(client, db, settings.service_name, Store)
        for subscription in subscriptions():
            await _replay_topic(settings, uow, subscription, progress)
        await _carry_published(client[old], db)
        await switch_to(client, base, fresh, at)
        return fresh
    finally:
        await client.close()


async def _carry_published(old: Any, fresh: Any) -> None:
    published: list[Document] = await old[Published.collection_name].find({}).to_list()
    if published:
        await fresh[Published.collection_name].insert_many(published)
