"""Against the real database, without the broker: who may keep recipients' details, and the
delivery leases that let dispatcher replicas share the work and take over a crashed one's."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import httpx

from linkwork_devstack.testing import bearer
from linkwork_notifications.settings import Settings
from linkwork_notifications.store import Deliveries
from linkwork_runtime.mongo import connect


async def test_managers_keep_their_teams_details_and_ops_keep_everyones(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    leeds = bearer(settings, "mgr-leeds", "manager", team_id="leeds-north")
    ops = bearer(settings, "ops-1", "ops")
    amina = {"email": "amina.khan@nhs.net", "role": "link_worker", "team_id": "leeds-north"}
    york_worker = {"email": "y@nhs.net", "role": "link_worker", "team_id": "york"}

    own_team = await client.put("/recipients/lw-amina", json=amina, headers=leeds)
    other_team = await client.put("/recipients/lw-yusuf", json=york_worker, headers=leeds)
    by_ops = await client.put("/recipients/lw-yusuf", json=york_worker, headers=ops)
    practice = await client.put(
        "/recipients/practice:B86001", json={"email": "gp@nhs.net"}, headers=leeds
    )
    practice_with_team = await client.put(
        "/recipients/practice:B86001", json={"team_id": "leeds-north"}, headers=leeds
    )
    bad_address = await client.put("/recipients/lw-amina", json={"email": "nope"}, headers=leeds)
    person = await client.put("/recipients/person:r-1", json={}, headers=ops)
    by_link_worker = await client.put(
        "/recipients/lw-amina", json=amina, headers=bearer(settings, "lw-amina", "link_worker")
    )
    listed = await client.get("/recipients", headers=leeds)
    hidden = await client.get("/recipients/lw-yusuf", headers=leeds)

    assert own_team.status_code == 200
    assert own_team.json()["channels"] == ["in_app", "email"]
    assert own_team.json()["updated_by"] == "mgr-leeds"
    assert other_team.status_code == 403
    assert by_ops.status_code == 200
    assert practice.json()["kind"] == "practice"
    assert practice_with_team.status_code == 422
    assert bad_address.status_code == 422
    assert person.status_code == 422  # the person's details come from the events only
    assert by_link_worker.status_code == 403
    assert [r["recipient_id"] for r in listed.json()["items"]] == ["lw-amina", "practice:B86001"]
    assert hidden.status_code == 404


async def test_a_manager_keeps_their_teams_safeguarding_leads_and_lists_them(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    leeds = bearer(settings, "mgr-leeds", "manager", team_id="leeds-north")
    york = bearer(settings, "mgr-york", "manager", team_id="york")
    sam = {"email": "sam@nhs.net", "role": "link_worker", "team_id": "leeds-north"}

    made_lead = await client.put(
        "/recipients/lw-sam", json=sam | {"safeguarding_lead": True}, headers=leeds
    )
    not_lead = await client.put("/recipients/lw-bob", json=sam, headers=leeds)
    by_another_team = await client.put(
        "/recipients/lw-sam", json=sam | {"safeguarding_lead": False}, headers=york
    )
    without_team = await client.put(
        "/recipients/lw-kim", json={"safeguarding_lead": True}, headers=leeds
    )
    a_practice = await client.put(
        "/recipients/practice:B86001", json={"safeguarding_lead": True}, headers=leeds
    )
    leads = await client.get("/recipients?safeguarding_lead=true", headers=leeds)
    others = await client.get("/recipients?safeguarding_lead=false", headers=leeds)
    york_sees = await client.get("/recipients?safeguarding_lead=true", headers=york)

    assert made_lead.status_code == 200 and made_lead.json()["safeguarding_lead"] is True
    assert not_lead.json()["safeguarding_lead"] is False  # not unless a manager says so
    assert by_another_team.status_code == 403
    assert without_team.status_code == 422
    assert without_team.json()["detail"]["where"] == "team_id"
    assert a_practice.status_code == 422
    assert [r["recipient_id"] for r in leads.json()["items"]] == ["lw-sam"]
    assert [r["recipient_id"] for r in others.json()["items"]] == ["lw-bob"]
    assert york_sees.json()["items"] == []


async def test_a_recipient_id_is_ascii_as_its_documented_pattern_says(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    """Python's \\w took "î" where the OpenAPI's pattern does not (found by
    tests/test_fuzzing.py): the id is refused, saying where."""
    ops = bearer(settings, "ops-1", "ops")
    accented = await client.put("/recipients/lw-%C3%AE", json={}, headers=ops)
    plain = await client.put("/recipients/lw-i.e_2@x", json={}, headers=ops)
    assert accented.status_code == 422
    assert accented.json()["detail"][0]["loc"] == ["path", "recipient_id"]
    assert plain.status_code == 200


async def test_a_delivery_is_held_by_one_dispatcher_until_its_lease_runs_out(
    settings: Settings,
) -> None:
    mongo = connect(settings.mongodb_uri)
    deliveries = Deliveries(mongo[settings.mongodb_database])
    now = datetime.now(UTC)
    lease = timedelta(seconds=60)
    await deliveries.add(
        {"_id": "n-1", "status": "pending", "not_before": now, "attempts": [], "address": "x"}
    )
    await deliveries.add({"_id": "n-2", "status": "pending", "not_before": now + lease})
    try:
        first = await deliveries.claim_due(now, "a", lease)
        second = await deliveries.claim_due(now, "b", lease)  # n-1 is held, n-2 not yet due
        after_crash = await deliveries.claim_due(now + 2 * lease, "b", lease)
        stale = await deliveries.finish("n-1", "a", {"status": "sent"})
        final = await deliveries.finish("n-1", "b", {"status": "sent"})
        await deliveries.claim_due(now + 2 * lease, "c", lease)  # n-2, now due
        await deliveries.release("c")  # c stops: n-2 is handed back
        handed_back = await deliveries.get("n-2")
    finally:
        await mongo.close()

    assert first is not None and first["_id"] == "n-1"
    assert second is None
    assert after_crash is not None and after_crash["holder"] == "b"
    assert stale is None  # a's lease was taken over: its late result is not recorded
    assert final is not None and final["status"] == "sent" and "address" not in final
    assert handed_back is not None and handed_back["status"] == "pending"
    assert "holder" not in handed_back


async def test_a_manager_cannot_rewrite_another_teams_worker_by_naming_their_own_team(
    settings: Settings, client: httpx.AsyncClient
) -> None:
    """The leak found by probing: a leeds-south manager changed lw-brian's (leeds-north)
    e-mail address by sending team_id leeds-south with it; his notifications would have gone
    to an address of their choosing."""
    north = bearer(settings, "mgr-north", "manager", team_id="leeds-north")
    south = bearer(settings, "mgr-south", "manager", team_id="leeds-south")
    no_team = bearer(settings, "mgr-none", "manager", team_id="")
    brian = {"email": "brian@nhs.net", "role": "link_worker", "team_id": "leeds-north"}
    kept = await client.put("/recipients/lw-brian", json=brian, headers=north)
    hijack = {**brian, "email": "someone@else.example", "team_id": "leeds-south"}
    rewritten = await client.put("/recipients/lw-brian", json=hijack, headers=south)
    without_team = await client.put("/recipients/lw-brian", json=brian, headers=no_team)
    after = await client.get("/recipients/lw-brian", headers=north)
    assert kept.status_code == 200
    assert rewritten.status_code == 403 and rewritten.json()["detail"]["where"] == "team_id"
    assert without_team.status_code == 403
    assert after.json()["email"] == "brian@nhs.net" and after.json()["team_id"] == "leeds-north"


async def test_dispatchers_claiming_together_take_disjoint_deliveries_expired_leases_first(
    settings: Settings,
) -> None:
    """Several at once per claim (one request each for finding, taking and reading back):
    two dispatchers racing over twelve due deliveries share them without overlap, a dead
    dispatcher's expired one goes first, and nothing not yet due is taken."""
    mongo = connect(settings.mongodb_uri)
    deliveries = Deliveries(mongo[settings.mongodb_database])
    now = datetime.now(UTC)
    lease = timedelta(seconds=60)
    due = [
        {"_id": f"d-{i:02d}", "status": "pending", "not_before": now - timedelta(seconds=i)}
        for i in range(12)
    ]
    expired = {"_id": "dead", "status": "sending", "holder": "z", "lease_until": now}
    later = {"_id": "later", "status": "pending", "not_before": now + lease}
    for document in [*due, expired, later]:
        await deliveries.add(document)
    try:
        first, second = await asyncio.gather(
            deliveries.claim(now + timedelta(seconds=1), "a", lease, 8),
            deliveries.claim(now + timedelta(seconds=1), "b", lease, 8),
        )
        rest = await deliveries.claim(now + timedelta(seconds=1), "c", lease, 8)
    finally:
        await mongo.close()

    a, b = {d["_id"] for d in first}, {d["_id"] for d in second}
    assert len(first) <= 8 and len(second) <= 8
    assert not a & b
    assert a | b | {d["_id"] for d in rest} == {d["_id"] for d in due} | {"dead"}
    assert "dead" in a | b  # an expired lease is taken before anything pending
    assert all(d["holder"] in ("a", "b") and d["status"] == "sending" for d in first + second)
