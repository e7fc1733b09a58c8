"""The replay: each consumed topic read from a start (its earliest offsets, for a rebuild) to
its end as it stood when the replay began, its events applied in batches through the
service's own subscriptions (the same handlers, the same processed marks), in transactions
on the target database; where each partition was read to is kept there (`replayed_to`).

The processed marks are the live service's own, so a service that resumes on the rebuilt
database from its consumer groups' committed offsets skips what the replay applied. What the
old database's service took after the replay had read its topics is not lost either: every
start catches the active database up from `replayed_to` to the topics' ends first
(`ready_to_serve`), before its consumers join."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_insights.app import on_active_database, subscriptions
from linkwork_insights.settings import Settings
from linkwork_insights.store import INDEXES, Store
from linkwork_insights.store.active import active_database, switch_to
from linkwork_insights.store.published import Published
from linkwork_runtime.consumer import Subscription, apply_batch
from linkwork_runtime.mongo import Document, connect, ensure_indexes
from linkwork_runtime.unit_of_work import RUNTIME_INDEXES, UnitOfWork
from linkwork_schemas import Event, InvalidMessage

BATCH = 500
STALLED_SECONDS = 60.0  # a partition that gives nothing this long before its end: refuse
REPLAYED = "replayed_to"  # the collection: one document per topic, partition -> next offset
Progress = Callable[[int], None]
Offsets = dict[str, int]  # partition (as text, a document's key) -> the next offset to read


def _ignore(_: int) -> None:
    return None


async def _ends(consumer: AIOKafkaConsumer, topic: str) -> dict[TopicPartition, int]:
    await consumer.topics()
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
    return await consumer.end_offsets(partitions) if partitions else {}


def _consumer(settings: Settings) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_auto_commit=False,
        max_poll_records=BATCH,
    )


async def count_events(settings: Settings, names: list[str]) -> int:
    consumer = _consumer(settings)
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


async def replay_topic(
    settings: Settings,
    uow: UnitOfWork[Store],
    subscription: Subscription[Event],
    progress: Progress,
    since: Mapping[str, int] | None = None,
) -> Offsets:
    """Apply the topic from `since` (partition -> offset; the earliest where not given) to
    its end as it is now; where each partition was read to."""
    consumer = _consumer(settings)
    await consumer.start()
    try:
        ends = await _ends(consumer, settings.topic(subscription.topic))
        if not ends:
            return {}
        consumer.assign(list(ends))
        await consumer.seek_to_beginning(*ends)
        for tp in ends:
            if since and str(tp.partition) in since:
                consumer.seek(tp, max(since[str(tp.partition)], 0))
        await _apply_until(consumer, ends, uow, subscription, progress)
        return {str(tp.partition): end for tp, end in ends.items()}
    finally:
        await consumer.stop()


async def _apply_until(
    consumer: AIOKafkaConsumer,
    ends: dict[TopicPartition, int],
    uow: UnitOfWork[Store],
    subscription: Subscription[Event],
    progress: Progress,
) -> None:
    heard = time.monotonic()
    while any([await consumer.position(tp) < end for tp, end in ends.items()]):
        fetched = await consumer.getmany(timeout_ms=500, max_records=BATCH)
        records = [r for tp, batch in fetched.items() for r in batch if r.offset < ends[tp]]
        if records:
            heard = time.monotonic()
        elif time.monotonic() - heard > STALLED_SECONDS:
            raise TimeoutError(f"{subscription.topic} gave nothing for {STALLED_SECONDS:.0f}s")
        events = [event for event in map(_parsed(subscription), records) if event is not None]
        if events:
            await uow.run(_applying(subscription, events))
        progress(len(records))


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


async def _replay_all(
    settings: Settings, db: AsyncDatabase[Document], progress: Progress, fresh: bool
) -> None:
    """Every subscription's topic into `db`: from the start when `fresh`, else from where
    `replayed_to` says; `replayed_to` moved on to where it got."""
    uow: UnitOfWork[Store] = UnitOfWork(db.client, db, settings.service_name, Store)
    for subscription in subscriptions():
        kept = None if fresh else await db[REPLAYED].find_one({"_id": subscription.topic})
        if not fresh and kept is None:
            continue  # never rebuilt: the consumer groups alone keep it current
        since = None if kept is None else kept["offsets"]
        reached = await replay_topic(settings, uow, subscription, progress, since)
        await db[REPLAYED].replace_one(
            {"_id": subscription.topic},
            {"_id": subscription.topic, "offsets": reached},
            upsert=True,
        )


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
        await _replay_all(settings, db, progress, fresh=True)
        await _carry_published(client[old], db)
        await switch_to(client, base, fresh, at)
        return fresh
    finally:
        await client.close()


async def ready_to_serve(settings: Settings, progress: Progress = _ignore) -> Settings:
    """The settings to serve with: on the active database, caught up from where its
    rebuild (or the last start) read the topics to, so that nothing the old database's
    service took meanwhile is missing."""
    active = await on_active_database(settings)
    if active.mongodb_database == settings.mongodb_database:
        return active  # never rebuilt
    client = connect(settings.mongodb_uri)
    try:
        await _replay_all(active, client[active.mongodb_database], progress, fresh=False)
    finally:
        await client.close()
    return active


async def _carry_published(old: AsyncDatabase[Document], fresh: AsyncDatabase[Document]) -> None:
    published: list[Document] = await old[Published.collection_name].find({}).to_list()
    if published:
        await fresh[Published.collection_name].insert_many(published)
