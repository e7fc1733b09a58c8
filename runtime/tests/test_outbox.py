"""The transactional outbox against the real broker and database (reliability rules 1, 2, 6)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest

from linkwork_devstack.testing import Record, eventually, read_topic, running
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.kafka import ensure_topics
from linkwork_runtime.mongo import ensure_indexes
from linkwork_runtime.repository import Stores
from linkwork_runtime.service import Runtime, ServiceDefinition, create_service_app
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import OUTBOX, PROCESSED, RUNTIME_INDEXES, Transaction
from linkwork_schemas import topics
from linkwork_schemas.referral import ReferralWithdrawn, ReferralWithdrawnPayload


async def started_runtime(settings: ServiceSettings) -> Runtime:
    runtime: Runtime[Stores] = Runtime(settings, Stores)
    await ensure_indexes(runtime.db, RUNTIME_INDEXES)
    await ensure_topics(settings)
    await runtime.broker.start()
    return runtime


async def stopped(runtime: Runtime) -> None:
    await runtime.relay.stop()
    await runtime.broker.stop()
    await runtime.mongo.close()
    await runtime.direct.close()


def withdraw(referral_id: str) -> Any:
    async def work(tx: Transaction) -> ReferralWithdrawn:
        await tx.db["referrals"].insert_one(
            {"_id": referral_id, "status": "withdrawn"}, session=tx.session
        )
        return await tx.record(
            ReferralWithdrawn,
            aggregate_id=referral_id,
            payload=ReferralWithdrawnPayload(
                referral_id=referral_id, reason="moved out of area", withdrawn_by="mgr-1"
            ),
        )

    return work


async def count_effect(event: ReferralWithdrawn, tx: Transaction) -> None:
    await tx.db["effects"].update_one(
        {"_id": str(event.event_id)}, {"$inc": {"count": 1}}, upsert=True, session=tx.session
    )


def consumer_app(settings: ServiceSettings) -> Any:
    consumer_settings = settings.model_copy(
        update={"service_name": "effects", "mongodb_database": f"{settings.mongodb_database}_c"}
    )
    return create_service_app(
        ServiceDefinition(
            settings=consumer_settings,
            title="probe consumer",
            description="counts effects",
            subscriptions=[
                event_subscription(
                    "probe", topics.REFERRAL_EVENTS, {ReferralWithdrawn: count_effect}
                )
            ],
        )
    )


def copies_of(records: list[Record], event_id: str) -> int:
    return sum(1 for r in records if r.headers.get("event_id") == event_id)


async def test_state_and_event_commit_together_or_not_at_all(settings: ServiceSettings) -> None:
    runtime = await started_runtime(settings)
    try:

        async def fails_after_writing(tx: Transaction) -> None:
            await withdraw("r-aborted")(tx)
            raise RuntimeError("the handler failed after writing")

        with pytest.raises(RuntimeError):
            await runtime.uow.run(fails_after_writing)
        assert await runtime.db["referrals"].count_documents({}) == 0
        assert await runtime.db[OUTBOX].count_documents({}) == 0

        await runtime.uow.run(withdraw("r-kept"))
        assert await runtime.db["referrals"].count_documents({"_id": "r-kept"}) == 1
        assert await runtime.db[OUTBOX].count_documents({"sent_at": None}) == 1
    finally:
        await stopped(runtime)


async def test_event_committed_before_a_crash_is_published_after_restart_with_one_effect(
    settings: ServiceSettings,
) -> None:
    topic = settings.topic(topics.REFERRAL_EVENTS)
    # The service commits, then dies before its relay publishes anything.
    crashed = await started_runtime(settings)
    event = await crashed.uow.run(withdraw(f"r-{uuid.uuid4().hex[:6]}"))
    await stopped(crashed)
    event_id = str(event.event_id)
    nothing = await read_topic(settings.kafka_bootstrap_servers, topic, until=bool, timeout=1.5)
    assert copies_of(nothing, event_id) == 0

    # After the restart the relay finds the pending row and publishes it.
    restarted = await started_runtime(settings)
    try:
        assert await restarted.relay.publish_pending() == 1
        assert await restarted.relay.pending_count() == 0
        # A second crash, between publishing and marking sent: the event goes out twice.
        await restarted.db[OUTBOX].update_many({}, {"$set": {"sent_at": None}})
        assert await restarted.relay.publish_pending() == 1
    finally:
        await stopped(restarted)
    records = await read_topic(
        settings.kafka_bootstrap_servers, topic, until=lambda r: copies_of(r, event_id) >= 2
    )
    assert copies_of(records, event_id) == 2
    published = next(r for r in records if r.headers.get("event_id") == event_id)
    assert published.key == event.aggregate_id.encode()
    assert published.headers["event_type"] == "ReferralWithdrawn"

    # The consumer sees both copies and applies the effect once.
    app = consumer_app(settings)
    async with running(app):
        db = app.state.runtime.db
        processed = await eventually(lambda: db[PROCESSED].count_documents({}), lambda n: n >= 1)
        effect = await eventually(
            lambda: db["effects"].find_one({"_id": event_id}), lambda doc: doc is not None
        )
        # Give the duplicate every chance to be (wrongly) applied.
        await asyncio.sleep(1)
        effect = await db["effects"].find_one({"_id": event_id})
    assert processed == 1
    assert effect is not None and effect["count"] == 1


async def test_relay_keeps_the_order_of_one_aggregates_events(settings: ServiceSettings) -> None:
    runtime = await started_runtime(settings)
    try:
        ids = []
        for n in range(15):

            async def work(tx: Transaction, n: int = n) -> ReferralWithdrawn:
                return await tx.record(
                    ReferralWithdrawn,
                    aggregate_id="r-ordered",
                    payload=ReferralWithdrawnPayload(
                        referral_id="r-ordered", reason=f"step {n}", withdrawn_by="mgr-1"
                    ),
                )

            ids.append(str((await runtime.uow.run(work)).event_id))
        while await runtime.relay.publish_pending():
            pass
    finally:
        await stopped(runtime)
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: len(r) >= 15,
    )
    assert [r.headers["event_id"] for r in records] == ids
