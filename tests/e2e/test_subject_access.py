"""Issue 12, part 3: a subject access request answered by `linkwork-ops subject-access`
against the four services as processes: everything held about one person with a full journey,
from every service, and nothing of anyone else's."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from linkwork_devstack import stack
from linkwork_referral.dev.simulator import submission
from linkwork_runtime.auth import issue_token
from linkwork_runtime.ops_cli import NO_PERSONAL_DATA
from linkwork_runtime.settings import ServiceSettings

TEAM = "leeds-north"
PRACTICE = "B86555"  # served here by lw-sar only
NOBODY = "9990000018"  # ten digits no referral carries

# The services that hold personal data; the insights service holds none and has no part.
HOLDERS = tuple(name for name in stack.SERVICES if name not in NO_PERSONAL_DATA)


def token(sub: str, *roles: str, **claims: str) -> dict[str, str]:
    secret = ServiceSettings().development_secret
    return {"Authorization": f"Bearer {issue_token(secret, sub, list(roles), claims=claims)}"}


LINK_WORKER = token("lw-sar", "link_worker", team_id=TEAM)
MANAGER = token("mgr-sar", "manager", team_id=TEAM)
IG = token("ig-lead", "information_governance")


def ops(services: stack.StackConfig, *args: str) -> subprocess.CompletedProcess[str]:
    """`linkwork-ops` as information governance would run it (a development token)."""
    urls = ",".join(f"{name}={services.url(name)}" for name in stack.SERVICES)
    env = {**os.environ, "LINKWORK_SERVICE_URLS": urls, "AUTH_MODE": "development"}
    command = [sys.executable, "-m", "linkwork_runtime.ops_cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def until(ask: Any, done: Any, timeout: float = 30) -> Any:
    deadline = time.monotonic() + timeout
    answer = ask()
    while not done(answer) and time.monotonic() < deadline:
        time.sleep(0.25)
        answer = ask()
    return answer


def referred(http: httpx.Client, services: stack.StackConfig, seed: int) -> dict[str, Any]:
    document = submission(random.Random(seed))
    document["referrer"]["ods_code"] = PRACTICE
    sent = http.post(
        f"{services.url('referral')}/referrals",
        headers=token("gp", "integration"),
        json=document,
    )
    assert sent.status_code == 201, sent.text
    return {"referral_id": sent.json()["referral_id"], **document["patient"]}


def full_journey(http: httpx.Client, services: stack.StackConfig, referral_id: str) -> str:
    """Reached, accepted; a contact, needs, a goal, a measure, a restricted note; a link."""
    referral = f"{services.url('referral')}/referrals/{referral_id}"
    reached = {"method": "phone", "outcome": "reached", "note": "spoke to her"}
    assert http.post(f"{referral}/contact-attempts", headers=LINK_WORKER, json=reached)
    assert http.post(f"{referral}/accept", headers=LINK_WORKER).is_success
    journeys = until(
        lambda: http.get(
            f"{services.url('journey')}/journeys",
            headers=LINK_WORKER,
            params={"referral_id": referral_id},
        ).json(),
        lambda b: bool(b.get("items")),
    )
    journey_id: str = journeys["items"][0]["journey_id"]
    base = f"{services.url('journey')}/journeys/{journey_id}"
    today = time.strftime("%Y-%m-%d")
    ons4 = {"life_satisfaction": 3, "worthwhile": 4, "happiness": 3, "anxiety": 8}
    for path, body in (
        ("/contacts", {"mode": "phone", "occurred_on": today, "duration_minutes": 20}),
        ("/assessments", {"needs": [{"domain": "physical_activity", "priority": "high"}]}),
        ("/goals", {"description": "Join the walking group", "need_domain": "physical_activity"}),
        ("/measures", {"instrument": "ONS4", "measured_on": today, "items": ons4}),
        ("/notes", {"category": "case_discussion", "text": "Son worries her", "restricted": True}),
    ):
        answer = http.post(f"{base}{path}", headers=LINK_WORKER, json=body)
        assert answer.is_success, (path, answer.text)
    found = http.get(
        f"{services.url('directory')}/search",
        headers=LINK_WORKER,
        params={"need": "physical_activity"},
    ).json()
    service_id = found["contents"][0]["service"]["id"]
    link = {"journey_id": journey_id, "service_id": service_id, "need_domain": "physical_activity"}
    linked = until(  # the directory hears of the journey from journey.events moments later
        lambda: http.post(f"{services.url('directory')}/links", headers=LINK_WORKER, json=link),
        lambda a: a.status_code != 422,
    )
    assert linked.status_code == 201, linked.text
    return journey_id


def test_a_subject_access_export_lists_everything_held_about_one_person_and_no_one_else(
    services: stack.StackConfig, tmp_path: Path
) -> None:
    with httpx.Client(timeout=10) as http:
        worker = {"link_worker_id": "lw-sar", "name": "Subject Access", "practices": [PRACTICE]}
        assert http.post(f"{services.url('referral')}/link-workers", headers=MANAGER, json=worker)
        person = referred(http, services, 7301)
        other = referred(http, services, 7302)
        assert person["nhs_number"] != other["nhs_number"]
        journey_id = full_journey(http, services, person["referral_id"])
        until(  # the notifications service has heard of her (the link worker was told)
            lambda: http.get(
                f"{services.url('notifications')}/subject-access",
                headers=IG,
                params={"referral_id": person["referral_id"]},
            ).json(),
            lambda b: b["holds"]["deliveries"] >= 1,
        )
        refused = {
            name: http.get(
                f"{services.url(name)}/subject-access",
                headers=MANAGER,
                params={"referral_id": person["referral_id"]},
            ).status_code
            for name in HOLDERS
        }

    out, page = tmp_path / "export.json", tmp_path / "export.html"
    done = ops(services, "subject-access", "--nhs-number", person["nhs_number"], "--out", str(out),
               "--html", str(page))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert person["nhs_number"] not in done.stdout  # counts only: the export is personal data
    document = json.loads(out.read_text())
    parts = document["services"]

    assert refused == dict.fromkeys(HOLDERS, 403)
    assert document["referral_ids"] == [person["referral_id"]]
    assert document["asked_by"]["sub"] == "linkwork-ops"
    assert document["generated_at"]
    (referral,) = parts["referral"]["sections"]["referrals"]
    assert referral["person"]["family_name"] == person["family_name"]
    assert "ReferralAccepted" in [line["event"] for line in referral["history"]]
    assert parts["referral"]["holds"]["submissions"] == 1
    (journey,) = parts["journey"]["sections"]["journeys"]
    assert journey["journey_id"] == journey_id
    assert [n["text"] for n in journey["notes"]] == ["Son worries her"]  # restricted, read
    recorded = {line["event_type"] for line in journey["history"]}
    assert {"ContactLogged", "NeedsAssessed", "GoalSet", "OutcomeMeasured"} <= recorded
    timeline = {e["event_type"] for e in parts["journey"]["sections"]["timeline"]}
    assert {"ReferralReceived", "JourneyStarted", "NoteAdded", "ServiceLinked"} <= timeline
    (link,) = parts["directory"]["sections"]["links"]
    assert link["journey_id"] == journey_id and link["status"] == "pending"
    assert parts["notifications"]["holds"]["deliveries"] >= 1
    accessed = {e["sub"] for e in parts["referral"]["sections"]["accesses"]}
    assert "lw-sar" in accessed
    whole = out.read_text()
    assert other["referral_id"] not in whole and other["nhs_number"] not in whole
    html = page.read_text()
    assert "<script" not in html and person["family_name"] in html
    assert "Son worries her" in html and "Journey service" in html

    with httpx.Client(timeout=10) as http:
        audited = http.get(
            f"{services.url('journey')}/audit",
            headers=IG,
            params={"referral_id": person["referral_id"]},
        ).json()["items"]
        empty = ops(services, "subject-access", "--nhs-number", NOBODY, "--out", str(out))
    assert [e["sub"] for e in audited if e["route"] == "/subject-access"][:1] == [
        "linkwork-ops"
    ]  # the export itself is an access, recorded
    assert empty.returncode == 0, empty.stderr
    nothing = json.loads(out.read_text())
    assert nothing["referral_ids"] == []
    assert {s: sum(h.values()) for s, h in nothing["holds"].items()} == dict.fromkeys(HOLDERS, 0)
