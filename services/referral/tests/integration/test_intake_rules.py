"""The intake rules against the real broker and database: rejection with reasons, kept
originals and resubmission, idempotent HTTP intake, possible duplicates, FHIR BaRS."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from linkwork_devstack.testing import bearer, eventually, publish, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import (
    ConsentRecorded,
    ReferralAwaitingTriage,
    ReferralReceived,
    ReferralRejected,
)

from .routing import route_to_the_team, team_staff

BARS = Path(__file__).resolve().parents[1] / "data" / "bars"


def bars_example(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((BARS / name).read_text())
    return document


def staff(settings: Settings) -> dict[str, str]:
    return team_staff(settings)


async def events(settings: Settings, count: int) -> list[Any]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: len(r) >= count,
    )
    return [parse_event(r.value) for r in records]


async def test_invalid_nhs_number_is_rejected_with_reasons_kept_and_resubmittable(
    settings: Settings,
) -> None:
    document = submission(random.Random(5))
    wrong = copy.deepcopy(document)
    number = wrong["patient"]["nhs_number"]
    wrong["patient"]["nhs_number"] = number[:9] + str((int(number[9]) + 1) % 10)
    async with running(create_app(settings)) as client:
        rejected = await client.post("/referrals", json=wrong, headers=staff(settings))
        listed = await client.get("/submissions", headers=staff(settings))
        submission_id = rejected.json()["submission_id"]
        fixed = await client.post(
            f"/submissions/{submission_id}/resubmit", json=document, headers=staff(settings)
        )
        again = await client.post(
            f"/submissions/{submission_id}/resubmit", json=document, headers=staff(settings)
        )
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.REFERRAL_EVENTS),
            until=lambda r: any(b"ReferralAwaitingTriage" in x.value for x in r),
        )
        published = [parse_event(r.value) for r in records]

    assert rejected.status_code == 422
    (reason,) = rejected.json()["reasons"]
    assert reason["field"] == "patient.nhs_number"
    assert reason["rule"] == "nhs_number.modulus11"
    assert listed.json()["items"][0]["original"] == wrong
    assert listed.json()["items"][0]["reasons"] == [reason]
    assert fixed.status_code == 201
    assert again.status_code == 409
    # No link worker serves the practice and no team's catchment holds the postcode in this
    # test, so the referral waits in triage.
    # (Events of different aggregates sit on different partitions: compare without order.)
    by_type = {type(e): e for e in published}
    # Received with the consent to contact it came with.
    assert set(by_type) == {
        ReferralRejected,
        ReferralReceived,
        ConsentRecorded,
        ReferralAwaitingTriage,
    }
    assert by_type[ReferralRejected].payload.reasons[0].rule == "nhs_number.modulus11"
    assert by_type[ReferralReceived].payload.referral_id == fixed.json()["referral_id"]


async def test_http_intake_is_idempotent_and_schema_errors_say_where(settings: Settings) -> None:
    document = submission(random.Random(6))
    async with running(create_app(settings)) as client:
        first = await client.post("/referrals", json=document, headers=staff(settings))
        second = await client.post("/referrals", json=document, headers=staff(settings))
        typo = {**document, "patient": {**document["patient"], "nhsnumber": "1"}}
        misspelt = await client.post("/referrals", json=typo, headers=staff(settings))
        provider = await client.post(
            "/referrals", json=document, headers=bearer(settings, "p-1", "provider")
        )
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json()["referral_id"] == first.json()["referral_id"]
    assert misspelt.status_code == 422
    assert {
        "field": "patient.nhsnumber",
        "rule": "schema.extra_forbidden",
        "message": "Extra inputs are not permitted",
    } in misspelt.json()["reasons"]
    assert provider.status_code == 403


async def test_second_referral_of_a_person_with_an_open_case_is_a_possible_duplicate(
    settings: Settings,
) -> None:
    rng = random.Random(8)
    first = submission(rng)
    second = submission(rng)
    second["patient"]["nhs_number"] = first["patient"]["nhs_number"]
    async with running(create_app(settings)) as client:
        await route_to_the_team(client, settings)
        one = await client.post("/referrals", json=first, headers=staff(settings))
        two = await client.post("/referrals", json=second, headers=staff(settings))
        shown = await client.get(f"/referrals/{two.json()['referral_id']}", headers=staff(settings))
    assert two.json()["status"] == "possible_duplicate"
    assert shown.json()["possible_duplicate_of"] == one.json()["referral_id"]
    assert shown.json()["status"] == "possible_duplicate"


@pytest.mark.parametrize(
    "example", ["servicerequest-111-to-ed.json", "servicerequest-999-to-cas.json"]
)
async def test_bars_bundle_with_a_failing_nhs_number_is_rejected_naming_the_check(
    settings: Settings, example: str
) -> None:
    # Both real examples carry 3478526985, whose check digit should be 1, not 5.
    bundle = bars_example(example)
    async with running(create_app(settings)) as client:
        await publish(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.GP_REFERRALS),
            json.dumps(bundle).encode(),
        )
        published = await events(settings, 1)
        listed = await eventually(
            lambda: client.get("/submissions", headers=staff(settings)),
            lambda r: r.json()["total"] >= 1,
        )
        answer = await client.post("/fhir/$process-message", json=bundle, headers=staff(settings))
    (event,) = published
    assert isinstance(event, ReferralRejected)
    rules = [reason.rule for reason in event.payload.reasons]
    assert "nhs_number.modulus11" in rules
    assert listed.json()["items"][0]["format"] == "bars"
    assert listed.json()["items"][0]["original"] == bundle
    assert answer.status_code == 422
    outcome = answer.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert any(issue["expression"] == ["patient.nhs_number"] for issue in outcome["issue"])


async def test_fhir_endpoint_answers_structural_problems_with_an_operation_outcome(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        answer = await client.post(
            "/fhir/$process-message",
            json={"resourceType": "Bundle", "type": "collection", "entry": []},
            headers=staff(settings),
        )
    assert answer.status_code == 400
    assert answer.json()["issue"][0]["code"] == "structure"
    assert isinstance(answer, httpx.Response)
