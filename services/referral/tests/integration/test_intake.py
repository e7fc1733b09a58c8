"""Referral intake from `gp.referrals` against the real broker and database."""

from __future__ import annotations

import json
import random
import uuid
from pathlib import Path
from typing import Any

from linkwork_devstack.testing import Record, eventually, publish, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_runtime import dead_letter
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import ReferralReceived

from .routing import route_to_the_team, team_staff

BARS = Path(__file__).parents[1] / "data" / "bars"


async def send(settings: Settings, document: dict[str, Any] | bytes) -> None:
    value = document if isinstance(document, bytes) else json.dumps(document).encode()
    await publish(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.GP_REFERRALS),
        value,
        key=b"one-partition",
    )


def received(records: list[Record]) -> list[ReferralReceived]:
    events = [parse_event(r.value) for r in records]
    return [e for e in events if isinstance(e, ReferralReceived)]


async def test_json_referral_is_stored_and_announced_with_a_complete_envelope(
    settings: Settings,
) -> None:
    document = submission(random.Random(7))
    app = create_app(settings)
    async with running(app) as client:
        await route_to_the_team(client, settings)
        await send(settings, document)
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda r: len(r) >= 1,
        )
        headers = team_staff(settings)
        listing = (await client.get("/referrals", headers=headers)).json()

    (event,) = received(records)
    assert event.producer == "referral"
    assert event.schema_version == 1
    assert event.correlation_id
    assert event.aggregate_id == event.payload.referral_id
    assert event.payload.source_referral_id == document["source_referral_id"]
    assert event.payload.person.nhs_number == document["patient"]["nhs_number"]
    assert records[0].key == event.aggregate_id.encode()
    assert records[0].headers["event_type"] == "ReferralReceived"
    assert listing["total"] == 1
    assert listing["items"][0]["referral_id"] == event.payload.referral_id
    assert listing["items"][0]["status"] == "awaiting_capacity"  # nobody serves B86001 yet


async def test_garbage_and_invalid_submissions_go_to_the_dlq_and_intake_goes_on(
    settings: Settings,
) -> None:
    rng = random.Random(11)
    invalid = submission(rng)
    del invalid["patient"]["family_name"]
    misspelt = {**submission(rng), "nhsnumber": "9434765919"}
    valid = submission(rng)
    app = create_app(settings)
    async with running(app) as client:
        await route_to_the_team(client, settings)
        await send(settings, b"\x89PNG\r\n\x1a\n garbage")
        await send(settings, invalid)
        await send(settings, misspelt)
        await send(settings, valid)
        headers = team_staff(settings)
        listing = await eventually(
            lambda: client.get("/referrals", headers=headers),
            lambda r: r.json()["total"] >= 1,
        )
    assert [i["source_referral_id"] for i in listing.json()["items"]] == [
        valid["source_referral_id"]
    ]
    dlq = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.dead_letter_topic(topics.GP_REFERRALS)),
        until=lambda r: len(r) >= 3,
    )
    assert len(dlq) == 3
    assert dlq[0].value == b"\x89PNG\r\n\x1a\n garbage"
    assert json.loads(dlq[1].value) == invalid  # the original, byte for byte
    assert dlq[1].headers[dead_letter.WHERE] == "$.patient.family_name"
    assert "Field required" in dlq[1].headers[dead_letter.REASON]
    assert dlq[2].headers[dead_letter.WHERE] == "$.nhsnumber"
    assert "Extra inputs are not permitted" in dlq[2].headers[dead_letter.REASON]


async def test_hostile_documents_are_dead_lettered_with_their_bytes_and_intake_goes_on(
    settings: Settings,
) -> None:
    """Found by probing: JSON nested 10,000 deep was neither kept nor rejected; names with
    NUL characters, a 200 KB name and a BaRS bundle whose requester names itself became
    referrals. Now each is dead-lettered, byte for byte, saying what and where."""
    rng = random.Random(12)
    nested = b"[" * 10_000 + b"]" * 10_000
    with_nul = submission(rng)
    with_nul["patient"]["given_name"] = "Amina\x00Shah"
    too_long = submission(rng)
    too_long["patient"]["family_name"] = "x" * 200_000
    bars = json.loads((BARS / "servicerequest-999-to-cas.json").read_text())
    request = next(e for e in bars["entry"] if e["resource"]["resourceType"] == "ServiceRequest")
    request["resource"]["requester"] = {"reference": f"ServiceRequest/{request['resource']['id']}"}
    valid = submission(rng)
    async with running(create_app(settings)) as client:
        await route_to_the_team(client, settings)
        for message in (nested, with_nul, too_long, bars, valid):
            await send(settings, message)
        listing = await eventually(
            lambda: client.get("/referrals", headers=team_staff(settings)),
            lambda r: r.json()["total"] >= 1,
        )
    dlq = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.dead_letter_topic(topics.GP_REFERRALS)),
        until=lambda r: len(r) >= 4,
    )
    assert [i["source_referral_id"] for i in listing.json()["items"]] == [
        valid["source_referral_id"]
    ]
    assert len(dlq) == 4
    assert dlq[0].value == nested
    assert "nested more than 64 levels" in dlq[0].headers[dead_letter.REASON]
    assert json.loads(dlq[1].value) == with_nul
    assert (
        "$.patient.given_name: a control character (U+0000)" in dlq[1].headers[dead_letter.REASON]
    )
    assert "200000 characters, at most 1000" in dlq[2].headers[dead_letter.REASON]
    assert json.loads(dlq[3].value) == bars
    assert dlq[3].headers[dead_letter.WHERE] == "$.entry[1].resource.requester"
    assert "broken or circular" in dlq[3].headers[dead_letter.REASON]


async def test_the_same_referral_sent_twice_is_one_referral(settings: Settings) -> None:
    document = submission(random.Random(3))
    marker = {**submission(random.Random(4)), "source_referral_id": f"M-{uuid.uuid4().hex[:6]}"}
    app = create_app(settings)
    async with running(app) as client:
        await route_to_the_team(client, settings)
        await send(settings, document)
        await send(settings, document)
        await send(settings, marker)
        headers = team_staff(settings)
        listing = await eventually(
            lambda: client.get("/referrals", headers=headers),
            lambda r: r.json()["total"] >= 2,
        )
    sources = sorted(i["source_referral_id"] for i in listing.json()["items"])
    assert sources == sorted([document["source_referral_id"], marker["source_referral_id"]])


async def test_referrals_api_refuses_callers_without_a_token(settings: Settings) -> None:
    app = create_app(settings)
    async with running(app) as client:
        response = await client.get("/referrals")
        health = await client.get("/health")
        ready = await client.get("/ready")
    assert response.status_code == 401
    assert health.status_code == 200
    assert ready.json() == {"status": "ready", "checks": {"mongodb": "ok", "kafka": "ok"}}
