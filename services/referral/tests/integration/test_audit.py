"""The audit trail on the referral service, against the real broker and database: every
look at and change to a referral leaves an entry saying who, what, whose and the outcome;
refusals too; a read that cannot be audited is not answered; the chain shows tampering."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_runtime.audit import AUDIT, keyed_hash
from linkwork_runtime.mongo import connect

PRACTICE = "B86001"


def manager(settings: Settings) -> dict[str, str]:
    return bearer(settings, "mgr-1", "manager", "integration", team_id="leeds-north")


def governance(settings: Settings) -> dict[str, str]:
    return bearer(settings, "ig-lead", "information_governance")


async def a_referral(client: httpx.AsyncClient, settings: Settings) -> dict[str, Any]:
    await client.post(
        "/link-workers",
        headers=manager(settings),
        json={"link_worker_id": "lw-amina", "name": "Amina", "practices": [PRACTICE]},
    )
    document = submission(random.Random(7))
    document["referrer"]["ods_code"] = PRACTICE
    answer = await client.post("/referrals", json=document, headers=manager(settings))
    assert answer.status_code in (200, 201, 202), answer.text
    return {"referral_id": answer.json()["referral_id"], "nhs": document["patient"]["nhs_number"]}


async def audit_of(
    client: httpx.AsyncClient, settings: Settings, **filters: str
) -> list[dict[str, Any]]:
    answer = await client.get("/audit", params=filters, headers=governance(settings))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


async def test_reading_a_referral_is_audited_with_who_whose_and_the_correlation_id(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    async with running(create_app(settings)) as client:
        made = await a_referral(client, settings)
        read = await client.get(
            f"/referrals/{made['referral_id']}",
            headers={**amina, "X-Correlation-ID": "corr-audit-1"},
        )
        entries = await audit_of(client, settings, referral_id=made["referral_id"])
    assert read.status_code == 200
    (entry,) = [e for e in entries if e["correlation_id"] == "corr-audit-1"]
    assert entry["sub"] == "lw-amina" and entry["roles"] == ["link_worker"]
    assert entry["team_id"] == "leeds-north"
    assert (entry["kind"], entry["method"], entry["route"]) == (
        "read",
        "GET",
        "/referrals/{referral_id}",
    )
    assert entry["outcome"] == "allowed" and entry["status"] == 200
    # The NHS number only as a keyed hash; no content of the record at all.
    assert entry["nhs_number_hashes"] == [keyed_hash(settings.audit_key, made["nhs"])]
    assert made["nhs"] not in str(entry)
    # The intake (a change) was audited too, in its own transaction, naming the referral.
    intake = [e for e in entries if e["method"] == "POST" and e["route"] == "/referrals"]
    assert len(intake) == 1 and intake[0]["kind"] == "change" and intake[0]["sub"] == "mgr-1"
    # Written while the transaction ran, so before the answer's status was known.
    assert intake[0]["status"] is None


async def test_lists_audit_every_person_they_show_and_search_by_nhs_number_finds_them(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        made = await a_referral(client, settings)
        listed = await client.get("/referrals", headers=manager(settings))
        by_nhs = await audit_of(client, settings, nhs_number=made["nhs"])
    assert listed.status_code == 200
    lists = [e for e in by_nhs if e["route"] == "/referrals" and e["method"] == "GET"]
    assert lists and made["referral_id"] in lists[0]["referral_ids"]


async def test_refused_attempts_are_audited_with_what_is_known_of_the_caller(
    settings: Settings,
) -> None:
    provider = bearer(settings, "prov-1", "provider")
    async with running(create_app(settings)) as client:
        made = await a_referral(client, settings)
        path = f"/referrals/{made['referral_id']}"
        no_token = await client.get(path)
        wrong_role = await client.get(path, headers=provider)
        entries = await audit_of(client, settings, referral_id=made["referral_id"])
    assert no_token.status_code == 401 and wrong_role.status_code == 403
    refused = {(e["sub"], e["status"]) for e in entries if e["outcome"] == "refused"}
    assert {(None, 401), ("prov-1", 403)} <= refused


async def test_only_information_governance_reads_the_audit(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        ops = await client.get("/audit", headers=bearer(settings, "ops-1", "ops"))
        period = {
            "since": (datetime.now(UTC) - timedelta(minutes=5)).isoformat(),
            "sub": "ops-1",
        }
        mine = await client.get("/audit", params=period, headers=governance(settings))
    assert ops.status_code == 403
    # The refused look at the audit is itself in the audit.
    assert [e["status"] for e in mine.json()["items"]] == [403]


async def test_a_read_whose_entry_cannot_be_written_is_answered_503(settings: Settings) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    app = create_app(settings)
    async with running(app) as client:
        made = await a_referral(client, settings)
        nowhere = connect("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300")
        kept = app.state.audit.direct
        app.state.audit.direct = nowhere["audit_down"][AUDIT]  # the audit's database is down
        try:
            answer = await client.get(f"/referrals/{made['referral_id']}", headers=amina)
        finally:
            app.state.audit.direct = kept
            await nowhere.close()
    assert answer.status_code == 503 and answer.json()["detail"]["error"] == "audit_unavailable"
    assert made["referral_id"] not in answer.text and made["nhs"] not in answer.text


async def test_the_chain_names_the_entry_that_was_altered_or_removed(settings: Settings) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    checker = bearer(settings, "ops-1", "ops")
    async with running(create_app(settings)) as client:
        made = await a_referral(client, settings)
        for _ in range(5):
            await client.get(f"/referrals/{made['referral_id']}", headers=amina)
        intact = (await client.get("/audit/verify", headers=checker)).json()
        mongo = connect(settings.mongodb_uri)
        entries = mongo[settings.mongodb_database][AUDIT]
        try:
            third = await entries.find_one({"seq": 3})
            assert third is not None
            await entries.update_one({"_id": third["_id"]}, {"$set": {"sub": "someone-else"}})
            altered = (await client.get("/audit/verify", headers=checker)).json()
            await entries.update_one({"_id": third["_id"]}, {"$set": {"sub": third["sub"]}})
            fifth = await entries.find_one_and_delete({"seq": 5})
            removed = (await client.get("/audit/verify", headers=checker)).json()
            await entries.insert_one(fifth)  # put back: the suite checks every chain at its end
            repaired = (await client.get("/audit/verify", headers=checker)).json()
        finally:
            await mongo.close()
    assert intact["intact"] and intact["sealed"] >= 7 and intact["unsealed"] == 0
    assert not altered["intact"]
    assert altered["problem"]["seq"] == 3 and altered["problem"]["entry_id"] == str(third["_id"])
    assert "altered" in altered["problem"]["what"]
    assert removed["problem"]["seq"] == 5 and "removed" in removed["problem"]["what"]
    assert repaired["intact"]
