"""Batch consumption against the real broker and database: what the broker has ready is
applied in one transaction, per-key order holds, a poison message is dead-lettered alone, and
a batch whose offsets were never committed (a crash after the commit) has no second effect."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer
from prometheus_client import REGISTRY

from linkwork_devstack.testing import eventually, read_all, read_topic, running
from linkwork_runtime import dead_letter
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import PROCESSED, Transaction
from linkwork_schemas import Event, topics
from linkwork_schemas.referral import ReferralClosed, ReferralWithdrawn

from .test_consumer import app_with, closed, record_effect, withdrawn


async def publish_all(settings: ServiceSettings, events: Sequence[tuple[str, Event]]) -> None:
    """Every (key, event) with one producer, in order, before anyone consumes them."""
    producer = AIOKafkaProducer(bootstrap_servers=settings.kafka_bootstrap_servers, acks="all")
    await producer.start()
    try:
        for key, event in events:
            await producer.send(
                settings.topic(topics.REFERRAL_EVENTS), event.to_bytes(), key=key.encode()
            )
        await producer.flush()
    finally:
        await producer.stop()


async def transactions_of(app: Any) -> int:
    """How many transactions wrote the claims: each transaction stamps its claims with its
    one instant (`tx.now`)."""
    claims = await app.state.runtime.db[PROCESSED].find({}).to_list()
    return len({claim["processed_at"] for claim in claims})


async def append_order(event: Event, tx: Transaction) -> None:
    await tx.db["order"].update_one(
        {"_id": event.payload.reason},  # type: ignore[attr-defined]
        {"$push": {"seen": event.aggregate_id}},
        upsert=True,
        session=tx.session,
    )


def duplicates_counted(settings: ServiceSettings) -> float:
    labels = {"service": "probe", "topic": topics.REFERRAL_EVENTS, "subscription": "probe"}
    return REGISTRY.get_sample_value("linkwork_messages_duplicate_total", labels) or 0.0


def numbered(key: str, index: int) -> ReferralWithdrawn:
    event = withdrawn(f"{key}-{index:03d}")
    return event.model_copy(update={"payload": event.payload.model_copy(update={"reason": key})})


async def test_a_backlog_is_applied_in_few_transactions_in_per_key_order(
    settings: ServiceSettings,
) -> None:
    keys = ["key-a", "key-b", "key-c", "key-d"]
    backlog = [(key, numbered(key, i)) for i in range(30) for key in keys]
    await publish_all(settings, backlog)
    app = app_with(settings, {ReferralWithdrawn: append_order})
    async with running(app):
        db = app.state.runtime.db

        async def everything_seen() -> int:
            docs = await db["order"].find({}).to_list()
            return sum(len(doc["seen"]) for doc in docs)

        await eventually(everything_seen, lambda n: n == len(backlog), timeout=60)
        orders = {doc["_id"]: doc["seen"] for doc in await db["order"].find({}).to_list()}
        transactions = await transactions_of(app)
    for key in keys:
        assert orders[key] == [f"{key}-{i:03d}" for i in range(30)], key
    # 120 messages, at most 100 a batch, one transaction per partition's fetch at worst:
    # far fewer transactions than messages.
    assert transactions <= 12, f"{transactions} transactions for {len(backlog)} messages"


async def test_a_poison_message_in_a_batch_is_dead_lettered_alone(
    settings: ServiceSettings,
) -> None:
    async def refuse(event: ReferralClosed, tx: Transaction) -> None:
        raise ValueError(f"cannot close {event.payload.referral_id}: no such referral")

    backlog: list[tuple[str, Event]] = [("one-key", withdrawn(f"r-{i}")) for i in range(10)]
    backlog.insert(4, ("one-key", closed("r-poison")))
    await publish_all(settings, backlog)
    app = app_with(settings, {ReferralWithdrawn: record_effect, ReferralClosed: refuse})
    async with running(app):
        db = app.state.runtime.db
        await eventually(lambda: db["effects"].count_documents({}), lambda n: n == 10)
        effects = await db["effects"].find({}).to_list()
    assert sorted(doc["_id"] for doc in effects) == sorted(f"r-{i}" for i in range(10))
    assert all(doc["count"] == 1 for doc in effects)  # the failed batch left no half effects
    dlq = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.dead_letter_topic(topics.REFERRAL_EVENTS)),
        until=lambda r: len(r) >= 1,
    )
    assert len(dlq) == 1
    assert "no such referral" in dlq[0].headers[dead_letter.REASON]
    assert dlq[0].headers[dead_letter.KIND] == "handler_refused"
    assert b"r-poison" in dlq[0].value


async def test_a_batch_committed_but_never_acknowledged_has_no_second_effect(
    settings: ServiceSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash between the transaction's commit and the offset commit: the next consumer of
    the group gets the batch again and skips every message of it as processed."""
    from faststream.kafka.message import KafkaAckableMessage

    backlog: list[tuple[str, Event]] = [("one-key", withdrawn(f"r-{i}")) for i in range(20)]
    await publish_all(settings, backlog)

    async def offset_commit_lost(self: KafkaAckableMessage) -> None:
        return None

    with monkeypatch.context() as patched:
        patched.setattr(KafkaAckableMessage, "ack", offset_commit_lost)
        first = app_with(settings, {ReferralWithdrawn: record_effect})
        async with running(first):
            db = first.state.runtime.db
            await eventually(lambda: db["effects"].count_documents({}), lambda n: n == 20)

    skipped_before = duplicates_counted(settings)
    second = app_with(settings, {ReferralWithdrawn: record_effect})
    async with running(second):
        db = second.state.runtime.db
        await publish_all(settings, [("one-key", withdrawn("r-marker"))])
        await eventually(lambda: db["effects"].find_one({"_id": "r-marker"}), bool)
        effects = await db["effects"].find({}).to_list()
    assert len(effects) == 21
    assert duplicates_counted(settings) - skipped_before == 20  # redelivered, and skipped
    assert all(doc["count"] == 1 for doc in effects), [d for d in effects if d["count"] != 1]
    assert (
        await read_all(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.dead_letter_topic(topics.REFERRAL_EVENTS)),
        )
        == []
    )
