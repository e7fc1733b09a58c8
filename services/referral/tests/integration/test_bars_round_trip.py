"""The BaRS round trip against the real broker and database: a response on `gp.responses` for
each BaRS message (accepted, rejected, cancelled, updated, refused), the GP's cancellation
and update understood on both doors, an OperationOutcome for every answer of the FHIR door,
and the coded outcome on `gp.outcomes`. Every message sent validates as FHIR R4 in two
independent libraries (fhirclient's R4 models, fhir.resources' R4B)."""

from __future__ import annotations

import copy
import json
import random
import uuid
from typing import Any

import httpx
import pytest
from fhir.resources.R4B.bundle import Bundle as R4BBundle
from fhirclient.models.bundle import Bundle as R4Bundle

from linkwork_devstack.builders import event
from linkwork_devstack.testing import bearer, publish, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulated_bars import bars_bundle
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.common import NeedDomain
from linkwork_schemas.journey import (
    GoalSummary,
    Instrument,
    JourneyClosed,
    JourneySummary,
    MeasureChange,
)
from linkwork_schemas.referral import ReferralUpdated, ReferralWithdrawn

from .test_lifecycle import PRACTICE, as_manager

FHIR_JSON = "application/fhir+json"


def valid_r4(message: dict[str, Any]) -> dict[str, Any]:
    """The message, once both libraries have read it without complaint (each raises)."""
    R4Bundle(copy.deepcopy(message), strict=True)
    R4BBundle.model_validate(copy.deepcopy(message))
    return message


def resources(message: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in message["entry"] if e["resource"]["resourceType"] == kind]


def header(message: dict[str, Any]) -> dict[str, Any]:
    (found,) = resources(message, "MessageHeader")
    return found


def follow_up(bundle: dict[str, Any], *, status: str = "active") -> dict[str, Any]:
    """The GP system's update (or, with status revoked, cancellation) of `bundle`'s referral."""
    later = copy.deepcopy(bundle)
    later["id"] = str(uuid.uuid4())
    reason = {"system": "https://fhir.nhs.uk/CodeSystem/message-reason-bars", "code": "update"}
    header(later)["reason"] = {"coding": [reason]}
    (request,) = resources(later, "ServiceRequest")
    request["status"] = status
    return later


def a_bars_referral(seed: int) -> tuple[dict[str, Any], str]:
    rng = random.Random(seed)
    document = submission(rng)
    document["referrer"]["ods_code"] = PRACTICE
    bundle = bars_bundle(document, rng)
    return bundle, document["source_referral_id"]


async def responses(settings: Settings, key: str, count: int) -> list[dict[str, Any]]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.GP_RESPONSES),
        until=lambda r: sum(x.key == key.encode() for x in r) >= count,
    )
    return [valid_r4(json.loads(r.value)) for r in records if r.key == key.encode()]


async def referral_events(settings: Settings, referral_id: str, until_type: str) -> list[Any]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: any(
            x.key == referral_id.encode() and until_type.encode() in x.value for x in r
        ),
    )
    return [parse_event(r.value) for r in records if r.key == referral_id.encode()]


async def with_link_worker(client: httpx.AsyncClient, settings: Settings) -> None:
    answer = await client.post(
        "/link-workers",
        headers=as_manager(settings),
        json={"link_worker_id": "lw-amina", "name": "Amina", "practices": [PRACTICE]},
    )
    assert answer.status_code == 201, answer.text


def sender(settings: Settings) -> dict[str, str]:
    return bearer(settings, "emis-gp", "integration")


async def test_a_bars_referral_is_answered_and_its_cancellation_withdraws_it(
    settings: Settings,
) -> None:
    bundle, source_id = a_bars_referral(31)
    cancellation = follow_up(bundle, status="revoked")
    async with running(create_app(settings)) as client:
        await with_link_worker(client, settings)
        answer = await client.post("/fhir/$process-message", json=bundle, headers=sender(settings))
        referral_id = answer.json()["issue"][0]["diagnostics"].split()[1]
        for _ in range(2):  # a repeat of the cancellation changes nothing again
            await publish(
                settings.kafka_bootstrap_servers,
                settings.topic(topics.GP_REFERRALS),
                json.dumps(cancellation).encode(),
            )
        events = await referral_events(settings, referral_id, "ReferralWithdrawn")
        sent = await responses(settings, source_id, 2)
        shown = await client.get(f"/referrals/{referral_id}", headers=as_manager(settings))

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(FHIR_JSON)
    accepted, cancelled = sent
    assert header(accepted)["eventCoding"]["code"] == "servicerequest-response"
    assert header(accepted)["response"]["identifier"] == bundle["id"]
    assert header(accepted)["response"]["code"] == "ok"
    assert header(accepted)["destination"] == [{"endpoint": "https://gp.example/bars"}]
    (request,) = resources(accepted, "ServiceRequest")
    assert request["status"] == "active"
    assert request["identifier"] == [{"value": source_id}]
    withdrawn = [e for e in events if isinstance(e, ReferralWithdrawn)]
    assert len(withdrawn) == 1
    assert withdrawn[0].payload.withdrawn_by.startswith("referrer:")
    assert shown.json()["status"] == "withdrawn"
    assert header(cancelled)["response"]["identifier"] == cancellation["id"]
    assert resources(cancelled, "ServiceRequest")[0]["status"] == "revoked"


async def test_an_update_changes_the_referral_and_one_after_it_ended_is_answered_not_dropped(
    settings: Settings,
) -> None:
    bundle, source_id = a_bars_referral(32)
    update = follow_up(bundle)
    (request,) = resources(update, "ServiceRequest")
    now_urgent = request.get("priority") not in ("urgent", "asap", "stat")
    request["priority"] = "urgent" if now_urgent else "routine"
    (patient,) = resources(update, "Patient")
    patient["telecom"] = [{"system": "phone", "value": "07700 900123", "use": "mobile"}]
    cancellation = follow_up(bundle, status="revoked")
    too_late = follow_up(update)
    async with running(create_app(settings)) as client:
        await with_link_worker(client, settings)
        first = await client.post("/fhir/$process-message", json=bundle, headers=sender(settings))
        referral_id = first.json()["issue"][0]["diagnostics"].split()[1]
        updated = await client.post("/fhir/$process-message", json=update, headers=sender(settings))
        shown = await client.get(f"/referrals/{referral_id}", headers=as_manager(settings))
        await client.post("/fhir/$process-message", json=cancellation, headers=sender(settings))
        refused = await client.post(
            "/fhir/$process-message", json=too_late, headers=sender(settings)
        )
        events = await referral_events(settings, referral_id, "ReferralWithdrawn")
        sent = await responses(settings, source_id, 4)
        kept = await client.get("/submissions?status=refused", headers=as_manager(settings))

    assert updated.status_code == 200
    (change,) = [e for e in events if isinstance(e, ReferralUpdated)]
    assert change.payload.fields == ["urgency", "person.phone"]
    assert change.payload.person.phone == "07700 900123"
    assert shown.json()["urgency"] == ("urgent" if now_urgent else "routine")
    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith(FHIR_JSON)
    issue = refused.json()["issue"][0]
    assert issue["code"] == "conflict"
    conflict = {"system": "https://fhir.nhs.uk/CodeSystem/http-error-codes", "code": "REC_CONFLICT"}
    assert conflict in issue["details"]["coding"]
    answer = sent[-1]
    assert header(answer)["response"]["code"] == "fatal-error"
    (outcome,) = resources(answer, "OperationOutcome")
    assert "already withdrawn" in outcome["issue"][0]["diagnostics"]
    assert [s["kind"] for s in kept.json()["items"]] == ["update"]


async def test_a_rejected_bars_referral_is_answered_with_its_reasons(settings: Settings) -> None:
    bundle, source_id = a_bars_referral(33)
    (patient,) = resources(bundle, "Patient")
    number = patient["identifier"][0]["value"]
    patient["identifier"][0]["value"] = number[:9] + str((int(number[9]) + 1) % 10)
    async with running(create_app(settings)) as client:
        answer = await client.post("/fhir/$process-message", json=bundle, headers=sender(settings))
        (sent,) = await responses(settings, source_id, 1)

    assert answer.status_code == 422
    assert header(sent)["response"]["code"] == "fatal-error"
    assert header(sent)["focus"][0]["reference"] == header(sent)["response"]["details"]["reference"]
    (outcome,) = resources(sent, "OperationOutcome")
    assert outcome["issue"][0]["expression"] == ["patient.nhs_number"]
    assert number not in json.dumps(sent)  # the number sent is not echoed back


async def test_every_refusal_of_the_fhir_door_is_an_operation_outcome(settings: Settings) -> None:
    tight = settings.model_copy(update={"fhir_rate_limit": "2/minute", "http_max_body_bytes": 4000})
    bundle, _ = a_bars_referral(34)
    async with running(create_app(tight)) as client:
        no_token = await client.post("/fhir/$process-message", json=bundle)
        provider = await client.post(
            "/fhir/$process-message",
            json=bundle,
            headers=bearer(settings, "p-1", "provider", organization_id="org-1"),
        )
        too_large = await client.post(
            "/fhir/$process-message",
            content=b"{" + b" " * 5000 + b"}",
            headers={**sender(settings), "content-type": "application/json"},
        )
        accepted = await client.post(  # the second message of this client in the minute
            "/fhir/$process-message", json=bundle, headers=sender(settings)
        )
        throttled = await client.post(
            "/fhir/$process-message", json=bundle, headers=sender(settings)
        )

    assert accepted.status_code == 200, accepted.text
    for answer, status, code in (
        (no_token, 401, "login"),
        (provider, 403, "forbidden"),
        (too_large, 413, "too-long"),
        (throttled, 429, "throttled"),
    ):
        assert answer.status_code == status, answer.text
        assert answer.headers["content-type"].startswith(FHIR_JSON)
        body = answer.json()
        assert body["resourceType"] == "OperationOutcome"
        assert body["issue"][0]["code"] == code
        assert body["issue"][0]["diagnostics"]
    assert int(throttled.headers["retry-after"]) >= 1


@pytest.mark.parametrize("consented", [True, False], ids=["consented", "not_consented"])
async def test_the_coded_outcome_for_the_gp_record_carries_detail_only_with_consent(
    settings: Settings, consented: bool
) -> None:
    bundle, source_id = a_bars_referral(35)
    async with running(create_app(settings)) as client:
        await with_link_worker(client, settings)
        answer = await client.post("/fhir/$process-message", json=bundle, headers=sender(settings))
        referral_id = answer.json()["issue"][0]["diagnostics"].split()[1]
        amina = bearer(settings, "lw-amina", "link_worker")
        if consented:
            agreed = await client.post(
                f"/referrals/{referral_id}/consents",
                json={"purpose": "share_with_gp_record", "source": "phone"},
                headers=amina,
            )
            assert agreed.status_code == 201, agreed.text
        accepted = await client.post(f"/referrals/{referral_id}/accept", headers=amina)
        assert accepted.status_code == 200, accepted.text
        closed = event(
            JourneyClosed,
            "journey-1",
            journey_id="journey-1",
            referral_id=referral_id,
            link_worker_id="lw-amina",
            reason="goals_met",
            closed_by="lw-amina",
            summary=JourneySummary(
                needs=[NeedDomain.LONELINESS],
                goals=[GoalSummary(description="Join a walking group", status="achieved")],
                services_linked=["Leeds Walking Group", "Befriending"],
                services_attended=["Leeds Walking Group"],
                measure_changes=[
                    MeasureChange(
                        instrument=Instrument.SWEMWBS,
                        baseline={"total": 19.25},
                        latest={"total": 23.21},
                        change={"total": 3.96},
                        baseline_on="2026-06-01",
                        latest_on="2026-09-01",
                    )
                ],
                contacts=4,
            ),
        )
        await publish(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.JOURNEY_EVENTS),
            closed.to_bytes(),
            key=b"journey-1",
        )
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.GP_OUTCOMES),
            until=lambda r: any(x.key == source_id.encode() for x in r),
        )

    (message,) = [valid_r4(json.loads(r.value)) for r in records if r.key == source_id.encode()]
    assert header(message)["eventCoding"]["code"] == "social-prescribing-outcome"
    (procedure,) = resources(message, "Procedure")
    assert procedure["status"] == "completed"
    assert procedure["code"]["coding"][0]["code"] == "871731000000106"
    assert procedure["outcome"]["coding"][0]["code"] == "goals_met"
    referral, *connected = resources(message, "ServiceRequest")
    assert referral["identifier"] == [{"value": source_id}]
    if not consented:  # only the referral and its ending
        assert "reasonCode" not in referral and connected == []
        assert resources(message, "Goal") == resources(message, "Observation") == []
        return
    assert referral["reasonCode"][0]["coding"][0]["code"] == "loneliness"
    assert {s["code"]["text"]: s["status"] for s in connected} == {
        "Leeds Walking Group": "completed",
        "Befriending": "unknown",
    }
    (goal,) = resources(message, "Goal")
    assert goal["achievementStatus"]["coding"][0]["code"] == "achieved"
    baseline, follow_up_ = resources(message, "Observation")
    assert (baseline["effectiveDateTime"], follow_up_["effectiveDateTime"]) == (
        "2026-06-01",
        "2026-09-01",
    )
    assert follow_up_["component"][0]["valueQuantity"]["value"] == 23.21
    assert follow_up_["code"]["coding"][0]["code"] == "SWEMWBS"


async def test_a_declined_referral_is_coded_as_declined_for_the_gp_record(
    settings: Settings,
) -> None:
    bundle, source_id = a_bars_referral(36)
    async with running(create_app(settings)) as client:
        await with_link_worker(client, settings)
        answer = await client.post("/fhir/$process-message", json=bundle, headers=sender(settings))
        referral_id = answer.json()["issue"][0]["diagnostics"].split()[1]
        declined = await client.post(
            f"/referrals/{referral_id}/decline",
            json={"reason": "does not want support now"},
            headers=bearer(settings, "lw-amina", "link_worker"),
        )
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.GP_OUTCOMES),
            until=lambda r: any(x.key == source_id.encode() for x in r),
        )

    assert declined.status_code == 200, declined.text
    (message,) = [valid_r4(json.loads(r.value)) for r in records if r.key == source_id.encode()]
    (procedure,) = resources(message, "Procedure")
    assert procedure["status"] == "not-done"
    assert procedure["statusReason"]["coding"][0]["code"] == "871711000000103"
    assert header(message)["destination"] == [{"endpoint": "https://gp.example/bars"}]
