"""One referral through all four services, as separate processes on the real infrastructure."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from typing import Any

import httpx
import pymongo
import pytest

from linkwork_devstack import processes, stack
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import Record, publish, read_topic
from linkwork_referral.dev.simulator import PRACTICES, submission
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import ReferralReceived

ENVELOPE = {
    "event_id",
    "event_type",
    "schema_version",
    "occurred_at",
    "producer",
    "correlation_id",
    "causation_id",
    "aggregate_id",
    "payload",
}


TEAM = "leeds-north"


def auth(*roles: str) -> dict[str, str]:
    """A token of the team the module's referrals wait on (a manager reads their own team's)."""
    secret = ServiceSettings().development_secret
    token = issue_token(secret, "e2e-user", list(roles), claims={"team_id": TEAM})
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module", autouse=True)
def routed(services: stack.StackConfig) -> None:
    """A team that serves the simulator's practices with no places free: every referral sent
    here is received, then waits on that team."""
    answer = httpx.post(
        f"{services.url('referral')}/link-workers",
        headers=auth("manager"),
        json={
            "link_worker_id": "lw-full",
            "name": "No places free",
            "practices": [ods for ods, _ in PRACTICES],
            "caseload_cap": 0,
        },
        timeout=10,
    )
    assert answer.status_code == 201, answer.text


def poll(url: str, headers: dict[str, str], done: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    body = httpx.get(url, headers=headers, timeout=5).json()
    while not done(body) and time.monotonic() < deadline:
        time.sleep(0.2)
        body = httpx.get(url, headers=headers, timeout=5).json()
    return body


def types_of(items: list[dict[str, Any]]) -> list[str]:
    return [str(item["event_type"]) for item in items]


def consents_in(document: dict[str, Any]) -> int:
    """The consents intake records from a submission: to be contacted, and by the channel
    the person chose (sms or email) when they chose one."""
    patient = document["patient"]
    agreed = bool(patient.get("consent_to_contact"))
    return int(agreed) + int(agreed and patient.get("preferred_channel") in ("sms", "email"))


def received_for(records: list[Record], source_referral_id: str) -> list[ReferralReceived]:
    events = [parse_event(r.value) for r in records]
    return [
        e
        for e in events
        if isinstance(e, ReferralReceived) and e.payload.source_referral_id == source_referral_id
    ]


async def test_referral_from_a_plain_kafka_client_flows_through_every_service(
    services: stack.StackConfig, linkwork_infra: Endpoints
) -> None:
    prefix = services.topic_prefix
    document = submission(random.Random(2026))
    await publish(
        linkwork_infra.kafka_bootstrap,
        f"{prefix}{topics.GP_REFERRALS}",
        json.dumps(document).encode(),
    )

    records = await read_topic(
        linkwork_infra.kafka_bootstrap,
        f"{prefix}{topics.REFERRAL_EVENTS}",
        until=lambda r: bool(received_for(r, document["source_referral_id"])),
        timeout=30,
    )
    (event,) = received_for(records, document["source_referral_id"])
    raw = json.loads(next(r.value for r in records if r.headers["event_id"] == str(event.event_id)))
    assert set(raw) == ENVELOPE
    assert raw["event_type"] == "ReferralReceived"
    assert raw["producer"] == "referral"
    assert raw["occurred_at"].endswith("Z")
    referral_id = event.payload.referral_id

    referral = httpx.get(
        f"{services.url('referral')}/referrals/{referral_id}", headers=auth("manager"), timeout=5
    ).json()
    assert referral["person"]["nhs_number"] == document["patient"]["nhs_number"]
    timeline = poll(
        f"{services.url('journey')}/referrals/{referral_id}/timeline",
        auth("manager"),
        lambda b: "ReferralAwaitingCapacity" in types_of(b.get("entries", [])),
    )
    # Nobody has places for the simulator's practices in this stack: received (with the
    # consents it came with), then waiting.
    assert types_of(timeline["entries"]) == [
        "ReferralReceived",
        *["ConsentRecorded"] * consents_in(document),
        "ReferralAwaitingCapacity",
    ]
    log = poll(
        f"{services.url('notifications')}/events?correlation_id={event.correlation_id}",
        auth("ops"),
        lambda b: "ReferralAwaitingCapacity" in types_of(b["items"]),
    )
    # One flow, one correlation id: received, its consents, then waiting (no places).
    assert sorted(types_of(log["items"])) == sorted(
        [
            "ReferralAwaitingCapacity",
            "ReferralReceived",
            *["ConsentRecorded"] * consents_in(document),
        ]
    )
    assert str(event.event_id) in [i["event_id"] for i in log["items"]]


def ops(services: stack.StackConfig, *args: str) -> subprocess.CompletedProcess[str]:
    """`linkwork-ops` as ops would run it against this stack (a development token)."""
    urls = ",".join(f"{name}={services.url(name)}" for name in stack.SERVICES)
    env = {**os.environ, "LINKWORK_SERVICE_URLS": urls, "AUTH_MODE": "development"}
    command = [sys.executable, "-m", "linkwork_runtime.ops_cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


async def test_one_persons_accesses_are_listed_across_services_and_the_chains_verify(
    services: stack.StackConfig, linkwork_infra: Endpoints
) -> None:
    document = submission(random.Random(4711))
    topic = f"{services.topic_prefix}{topics.GP_REFERRALS}"
    await publish(linkwork_infra.kafka_bootstrap, topic, json.dumps(document).encode())
    records = await read_topic(
        linkwork_infra.kafka_bootstrap,
        f"{services.topic_prefix}{topics.REFERRAL_EVENTS}",
        until=lambda r: bool(received_for(r, document["source_referral_id"])),
        timeout=30,
    )
    referral_id = received_for(records, document["source_referral_id"])[0].payload.referral_id
    looked = {"X-Correlation-ID": "ig-e2e-look"}
    httpx.get(
        f"{services.url('referral')}/referrals/{referral_id}",
        headers={**auth("manager"), **looked},
        timeout=5,
    )
    poll(
        f"{services.url('journey')}/referrals/{referral_id}/timeline",
        {**auth("manager"), **looked},
        lambda b: len(b.get("entries", [])) >= 2,
    )

    person = ops(services, "audit", "person", referral_id)
    assert person.returncode == 0, person.stderr
    lines = person.stdout.splitlines()
    assert lines[-1].endswith(f"accesses to referral {referral_id}")
    seen = [line for line in lines if "ig-e2e-look" in line]
    assert any(" referral " in line and "/referrals/{referral_id}" in line for line in seen)
    assert any(" journey " in line and "/timeline" in line for line in seen)
    assert document["patient"]["nhs_number"] not in person.stdout

    verified = ops(services, "audit", "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert all(f"{name}: intact" in verified.stdout for name in stack.SERVICES)

    # Someone edits one journey audit entry in the database: the chain names it.
    with pymongo.MongoClient(linkwork_infra.mongodb_uri) as mongo:
        entries = mongo[f"{services.database_prefix}journey"]["audit"]
        edited = entries.find_one({"seq": 2})
        assert edited is not None
        # The other outcome than it has: the first timeline polls may have been refused (404
        # before the journey service had the referral), so "refused" can be no change at all.
        forged = "allowed" if edited["outcome"] == "refused" else "refused"
        entries.update_one({"_id": edited["_id"]}, {"$set": {"outcome": forged}})
        broken = ops(services, "audit", "verify")
        entries.update_one({"_id": edited["_id"]}, {"$set": {"outcome": edited["outcome"]}})
    assert broken.returncode == 1
    assert f"journey: BROKEN at entry 2 (entry id {edited['_id']}): entry 2 was altered" in (
        broken.stdout
    )


# The person of the log scan: every value distinctive, so a hit can only be a leak.
PERSON = {
    "given_name": "Zebedee",
    "family_name": "Quillfeather",
    "phone": "07700 900987",
    "email": "zebedee.quillfeather@example.org",
    "postcode": "LS6 3HN",
}
SCAN_PRACTICE = "B86777"


def leaks(line: str, nhs_number: str) -> list[str]:
    """Which of the person's identifiers a log line holds, however spaced or cased."""
    folded = line.lower()
    squeezed = folded.replace(" ", "")
    found = [k for k in ("given_name", "family_name", "email") if PERSON[k].lower() in folded]
    found += [k for k in ("phone", "postcode") if PERSON[k].lower().replace(" ", "") in squeezed]
    return found + (["nhs_number"] if nhs_number.replace(" ", "") in squeezed else [])


def test_a_whole_journey_leaves_no_personal_data_in_any_services_log(
    services: stack.StackConfig,
) -> None:
    """Issue 12, part 5: a referral through every service, from intake to the message back,
    and not one log line of any service names the person, their NHS number or contacts."""
    assert leaks("sms to ZEBEDEE at ls63hn, 0770090 0987", "943 476 5919") == [
        "given_name",
        "phone",
        "postcode",
    ]  # the scan finds them however they are written
    document = submission(random.Random(1212))
    document["patient"].update(PERSON)
    document["referrer"]["ods_code"] = SCAN_PRACTICE
    nhs_number = document["patient"]["nhs_number"]
    worker = {"link_worker_id": "lw-scan", "name": "Log Scan", "practices": [SCAN_PRACTICE]}
    lw = {
        "Authorization": "Bearer "
        + issue_token(ServiceSettings().development_secret, "lw-scan", ["link_worker"])
    }
    with httpx.Client(timeout=10) as http:
        referral_url = services.url("referral")
        assert http.post(f"{referral_url}/link-workers", headers=auth("manager"), json=worker)
        sent = http.post(f"{referral_url}/referrals", headers=auth("integration"), json=document)
        assert sent.status_code == 201, sent.text
        referral_id = sent.json()["referral_id"]
        reached = {"method": "phone", "outcome": "reached", "note": "spoke to her"}
        attempts = f"{referral_url}/referrals/{referral_id}/contact-attempts"
        contact = http.post(attempts, headers=lw, json=reached)
        assert contact.is_success, contact.text
        assert http.post(f"{referral_url}/referrals/{referral_id}/accept", headers=lw).is_success
        journeys = poll(
            f"{services.url('journey')}/journeys?referral_id={referral_id}",
            lw,
            lambda b: bool(b.get("items")),
        )
        base = f"{services.url('journey')}/journeys/{journeys['items'][0]['journey_id']}"
        today = time.strftime("%Y-%m-%d")
        for path, body in (
            ("/contacts", {"mode": "phone", "occurred_on": today, "duration_minutes": 20}),
            ("/assessments", {"needs": [{"domain": "loneliness", "priority": "high"}]}),
            ("/goals", {"description": "Join the walking group"}),
            ("/notes", {"category": "phone_call", "text": "Prefers calls after 2pm"}),
            ("/close", {"reason": "goals_met"}),
        ):
            answer = http.post(f"{base}{path}", headers=lw, json=body)
            assert answer.is_success, (path, answer.text)
        poll(  # the message back reached the notifications service: every service has run
            f"{services.url('notifications')}/events?event_type=ReferralOutcomeReported",
            auth("ops"),
            lambda b: referral_id in {i["aggregate_id"] for i in b["items"]},
        )
    found = {}
    for name in stack.SERVICES:
        for number, line in enumerate(processes.log_file(services.run_dir, name).open(), 1):
            if hit := leaks(line, nhs_number):
                found[f"{name}.log:{number}"] = hit
    assert referral_id in "".join(
        processes.log_file(services.run_dir, "referral").read_text().splitlines()
    )  # the scan read the logs of this very flow
    assert found == {}


async def test_a_consumer_killed_mid_stream_catches_up_after_restart(
    services: stack.StackConfig, linkwork_infra: Endpoints
) -> None:
    prefix = services.topic_prefix
    journey_pid = processes.read_pid(services.run_dir, "journey")
    assert journey_pid is not None
    os.killpg(journey_pid, signal.SIGKILL)  # no goodbye: kill -9
    documents = [submission(random.Random(seed)) for seed in (1, 2, 3)]
    for document in documents:
        await publish(
            linkwork_infra.kafka_bootstrap,
            f"{prefix}{topics.GP_REFERRALS}",
            json.dumps(document).encode(),
        )
    records = await read_topic(
        linkwork_infra.kafka_bootstrap,
        f"{prefix}{topics.REFERRAL_EVENTS}",
        until=lambda r: all(received_for(r, d["source_referral_id"]) for d in documents),
        timeout=30,
    )
    referral_ids = [
        received_for(records, d["source_referral_id"])[0].payload.referral_id for d in documents
    ]

    processes.start(
        services.run_dir,
        "journey",
        [*stack.service_command("journey")],
        env=stack.service_env(services, "journey"),
    )
    stack.wait_services_ready(services, timeout=60)
    for referral_id in referral_ids:
        timeline = poll(
            f"{services.url('journey')}/referrals/{referral_id}/timeline",
            auth("manager"),
            lambda b: "ReferralAwaitingCapacity" in types_of(b.get("entries", [])),
        )
        types = [t for t in types_of(timeline["entries"]) if t != "ConsentRecorded"]
        assert types == ["ReferralReceived", "ReferralAwaitingCapacity"], referral_id
