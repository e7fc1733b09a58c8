"""The idempotent consumer against the real broker and database (rules 2, 3, 4)."""

from __future__ import annotations

import json
from typing import Any

from pymongo.errors import AutoReconnect

from linkwork_devstack.testing import eventually, publish, read_all, read_topic, running
from linkwork_runtime import dead_letter
from linkwork_runtime.consumer import event_subscription
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event, topics
from linkwork_schemas.referral import (
    ReferralClosed,
    ReferralClosedPayload,
    ReferralWithdrawn,
    ReferralWithdrawnPayload,
)


def withdrawn(referral_id: str) -> ReferralWithdrawn:
    return ReferralWithdrawn.build(
        aggregate_id=referral_id,
        producer="referral",
        payload=ReferralWithdrawnPayload(
            referral_id=referral_id, reason="moved away", withdrawn_by="mgr-1"
        ),
    )


def closed(referral_id: str) -> ReferralClosed:
    return ReferralClosed.build(
        aggregate_id=referral_id,
        producer="referral",
        payload=ReferralClosedPayload(referral_id=referral_id, closure_reason="goals met"),
    )


async def record_effect(event: Event, tx: Transaction) -> None:
    await tx.db["effects"].update_one(
        {"_id": event.aggregate_id}, {"$inc": {"count": 1}}, upsert=True, session=tx.session
    )


def app_with(settings: ServiceSettings, handlers: dict[type[Event], Any]) -> Any:
    return create_service_app(
        ServiceDefinition(
            settings=settings,
            title="probe",
            description="probe",
            subscriptions=[event_subscription("probe", topics.REFERRAL_EVENTS, handlers)],
        )
    )


async def send(settings: ServiceSettings, value: bytes, key: bytes = b"same-key") -> None:
    # One key: one partition, so the messages are consumed in the order sent.
    await publish(
        settings.kafka_bootstrap_servers, settings.topic(topics.REFERRAL_EVENTS), value, key=key
    )


async def test_same_event_delivered_twice_has_one_effect(settings: ServiceSettings) -> None:
    event = withdrawn("r-twice")
    app = app_with(settings, {ReferralWithdrawn: record_effect})
    async with running(app):
        db = app.state.runtime.db
        await send(settings, event.to_bytes())
        await send(settings, event.to_bytes())
        await send(settings, withdrawn("r-marker").to_bytes())
        # The marker comes after both copies on the same partition: once it is applied,
        # both copies have been consumed.
        await eventually(lambda: db["effects"].find_one({"_id": "r-marker"}), bool)
        effect = await db["effects"].find_one({"_id": "r-twice"})
    assert effect is not None and effect["count"] == 1


async def test_bad_messages_are_dead_lettered_and_the_consumer_goes_on(
    settings: ServiceSettings,
) -> None:
    async def refuse(event: ReferralClosed, tx: Transaction) -> None:
        raise ValueError(f"cannot close {event.payload.referral_id}: no such referral")

    app = app_with(settings, {ReferralWithdrawn: record_effect, ReferralClosed: refuse})
    unknown = {**json.loads(withdrawn("r-x").to_bytes()), "event_type": "ReferralTeleported"}
    invalid = {**json.loads(withdrawn("r-y").to_bytes()), "payload": {"referral_id": 7}}
    async with running(app):
        db = app.state.runtime.db
        await send(settings, b"\x00\xffnot json at all")
        await send(settings, json.dumps(unknown).encode())
        await send(settings, json.dumps(invalid).encode())
        await send(settings, closed("r-refused").to_bytes())
        await send(settings, withdrawn("r-after").to_bytes())
        effect = await eventually(lambda: db["effects"].find_one({"_id": "r-after"}), bool)
    assert effect is not None and effect["count"] == 1

    dlq = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.dead_letter_topic(topics.REFERRAL_EVENTS)),
        until=lambda r: len(r) >= 4,
    )
    assert dlq[0].value == b"\x00\xffnot json at all"
    reasons = [r.headers[dead_letter.REASON] for r in dlq]
    assert "not valid UTF-8 JSON" in reasons[0]
    assert "unknown event type 'ReferralTeleported'" in reasons[1]
    assert dlq[1].headers[dead_letter.WHERE] == "$.event_type"
    assert dlq[2].headers[dead_letter.WHERE].startswith("$.payload.")
    assert "no such referral" in reasons[3]
    assert dlq[3].headers[dead_letter.KIND] == "handler_refused"
    for record in dlq:
        assert record.headers[dead_letter.ORIGINAL_TOPIC] == settings.topic(topics.REFERRAL_EVENTS)
        assert record.headers[dead_letter.ORIGINAL_OFFSET].isdigit()


async def test_transient_failure_is_retried_not_dead_lettered(settings: ServiceSettings) -> None:
    failures = {"left": 2}

    async def flaky(event: ReferralWithdrawn, tx: Transaction) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise AutoReconnect("database primary stepped down")
        await record_effect(event, tx)

    app = app_with(settings, {ReferralWithdrawn: flaky})
    async with running(app):
        db = app.state.runtime.db
        await send(settings, withdrawn("r-flaky").to_bytes())
        effect = await eventually(lambda: db["effects"].find_one({"_id": "r-flaky"}), bool)
    assert failures["left"] == 0
    assert effect is not None and effect["count"] == 1
    dlq = await read_all(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.dead_letter_topic(topics.REFERRAL_EVENTS)),
    )
    assert dlq == []
