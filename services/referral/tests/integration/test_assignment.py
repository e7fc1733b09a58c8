"""Assignment by caseload capacity against the real broker and database: the most spare
capacity wins, no capacity means waiting, freed capacity takes the most urgent and oldest."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.referral import ReferralAssigned

PRACTICE = "B86001"


def manager(settings: Settings) -> dict[str, str]:
    return bearer(settings, "mgr-1", "manager", "integration", team_id="leeds-north")


async def register(
    client: httpx.AsyncClient, settings: Settings, worker_id: str, **fields: Any
) -> httpx.Response:
    body = {
        "link_worker_id": worker_id,
        "name": worker_id.title(),
        "practices": [PRACTICE],
        **fields,
    }
    return await client.post("/link-workers", json=body, headers=manager(settings))


async def refer(
    client: httpx.AsyncClient, settings: Settings, seed: int, urgency: str = "routine"
) -> str:
    document = submission(random.Random(seed))
    document["referrer"]["ods_code"] = PRACTICE
    document["urgency"] = urgency
    response = await client.post("/referrals", json=document, headers=manager(settings))
    assert response.status_code == 201, response.text
    referral_id: str = response.json()["referral_id"]
    return referral_id


async def status_of(client: httpx.AsyncClient, settings: Settings, referral_id: str) -> Any:
    return (await client.get(f"/referrals/{referral_id}", headers=manager(settings))).json()


async def test_referral_goes_to_the_worker_with_most_spare_capacity(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "lw-amina", caseload_cap=4)
        await register(client, settings, "lw-brian", caseload_cap=2)
        first = await refer(client, settings, 1)  # both 100% spare: tie -> more places: amina
        second = await refer(client, settings, 2)  # amina 3/4 spare, brian 2/2: brian
        third = await refer(client, settings, 3)  # amina 3/4, brian 1/2: amina
        owners = [
            (await status_of(client, settings, r))["link_worker_id"] for r in (first, second, third)
        ]
        workers = (await client.get("/link-workers", headers=manager(settings))).json()
    assert owners == ["lw-amina", "lw-brian", "lw-amina"]
    caseload = {w["link_worker_id"]: w["open_caseload"] for w in workers["items"]}
    assert caseload == {"lw-amina": 2, "lw-brian": 1}
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.REFERRAL_EVENTS),
        until=lambda r: len(r) >= 6,
    )
    assigned = [
        e for e in map(parse_event, (r.value for r in records)) if isinstance(e, ReferralAssigned)
    ]
    assert sorted(e.payload.link_worker_id for e in assigned) == [
        "lw-amina",
        "lw-amina",
        "lw-brian",
    ]
    assert all(e.payload.first_contact_due is not None for e in assigned)
    assert all(e.payload.team_id == "leeds-north" for e in assigned)


async def test_default_cap_comes_from_working_pattern(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        full = await register(client, settings, "lw-full", fte=1.0)
        half = await register(client, settings, "lw-half", fte=0.5)
        again = await register(client, settings, "lw-half", fte=0.5)
        bad = await register(client, settings, "lw-bad", practices=["not an ods code!"])
    # 250 people a year per FTE, 12 weeks each on the caseload.
    assert full.json()["caseload_cap"] == 58
    assert half.json()["caseload_cap"] == 29
    assert again.status_code == 409
    assert bad.status_code == 422
    assert "practices" in str(bad.json()["detail"][0]["loc"])


async def test_without_capacity_referrals_wait_and_the_most_urgent_goes_first(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "lw-amina", caseload_cap=1)
        taken = await refer(client, settings, 1)
        routine = await refer(client, settings, 2)
        urgent = await refer(client, settings, 3, urgency="urgent")
        waiting = [(await status_of(client, settings, r))["status"] for r in (routine, urgent)]
        declined = await client.post(
            f"/referrals/{taken}/decline", json={"reason": "moved away"}, headers=manager(settings)
        )
        after = {r: (await status_of(client, settings, r))["status"] for r in (routine, urgent)}
        raised = await client.patch(
            "/link-workers/lw-amina", json={"caseload_cap": 2}, headers=manager(settings)
        )
        last = (await status_of(client, settings, routine))["status"]
    assert waiting == ["awaiting_capacity", "awaiting_capacity"]
    assert declined.json()["status"] == "declined"
    assert after == {routine: "awaiting_capacity", urgent: "assigned"}
    assert raised.json()["open_caseload"] == 2
    assert last == "assigned"


async def test_freed_places_take_as_many_waiting_referrals_as_fit_and_no_more(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "lw-amina", caseload_cap=1)
        await refer(client, settings, 1)
        oldest, newest = await refer(client, settings, 2), await refer(client, settings, 3)
        urgent = await refer(client, settings, 4, urgency="urgent")
        raised = await client.patch(
            "/link-workers/lw-amina", json={"caseload_cap": 3}, headers=manager(settings)
        )
        after = {
            r: (await status_of(client, settings, r))["status"] for r in (oldest, newest, urgent)
        }
    assert raised.json()["open_caseload"] == 3
    assert after == {oldest: "assigned", newest: "awaiting_capacity", urgent: "assigned"}


async def test_manager_reassigns_and_the_caseloads_follow(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "lw-amina", caseload_cap=5)
        await register(client, settings, "lw-brian", caseload_cap=5)
        referral = await refer(client, settings, 1)
        owner = (await status_of(client, settings, referral))["link_worker_id"]
        other = "lw-brian" if owner == "lw-amina" else "lw-amina"
        moved = await client.post(
            f"/referrals/{referral}/reassign",
            json={"link_worker_id": other},
            headers=manager(settings),
        )
        nobody = await client.post(
            f"/referrals/{referral}/reassign",
            json={"link_worker_id": "lw-ghost"},
            headers=manager(settings),
        )
        as_worker = await client.post(
            f"/referrals/{referral}/reassign",
            json={"link_worker_id": owner},
            headers=bearer(settings, other, "link_worker"),
        )
        workers = (await client.get("/link-workers", headers=manager(settings))).json()
    assert moved.json()["link_worker_id"] == other
    assert moved.json()["history"][-1]["reassigned_from"] == owner
    assert {w["link_worker_id"]: w["open_caseload"] for w in workers["items"]} == {
        owner: 0,
        other: 1,
    }
    assert nobody.status_code == 422
    assert as_worker.status_code == 403


async def test_the_waiting_list_reads_in_the_order_assignment_takes_it(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "lw-amina", caseload_cap=0)  # the team, full
        routine_first = await refer(client, settings, 11)
        urgent = await refer(client, settings, 12, urgency="urgent")
        routine_second = await refer(client, settings, 13)
        waiting = await client.get(
            "/referrals",
            params={"status": "awaiting_capacity", "order": "waiting"},
            headers=manager(settings),
        )
        newest = await client.get(
            "/referrals", params={"status": "awaiting_capacity"}, headers=manager(settings)
        )
        unknown = await client.get(
            "/referrals", params={"order": "oldest"}, headers=manager(settings)
        )
    assert [r["referral_id"] for r in waiting.json()["items"]] == [
        urgent,
        routine_first,
        routine_second,
    ]
    assert [r["referral_id"] for r in newest.json()["items"]] == [
        routine_second,
        urgent,
        routine_first,
    ]
    assert unknown.status_code == 422


async def test_overdue_first_contacts_are_listed_nearest_deadline_first(settings: Settings) -> None:
    app = create_app(settings)
    async with running(app) as client:
        await register(client, settings, "lw-amina", caseload_cap=10)
        late, later, on_time, reached = [await refer(client, settings, s) for s in (21, 22, 23, 24)]
        referrals = app.state.runtime.db["referrals"]
        now = datetime.now(UTC)
        for referral_id, due in ((late, 3), (later, 1), (reached, 2)):
            await referrals.update_one(
                {"_id": referral_id}, {"$set": {"first_contact_due": now - timedelta(days=due)}}
            )
        amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
        await client.post(
            f"/referrals/{reached}/contact-attempts",
            json={"method": "phone", "outcome": "reached"},
            headers=amina,
        )
        overdue = await client.get(
            "/referrals", params={"overdue": "true", "order": "due"}, headers=manager(settings)
        )
    assert [r["referral_id"] for r in overdue.json()["items"]] == [late, later]
    assert on_time not in {r["referral_id"] for r in overdue.json()["items"]}


async def test_one_link_worker_is_read_by_their_manager_and_themself_only(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "lw-amina", caseload_cap=10)
        again = await register(client, settings, "lw-amina", caseload_cap=10)
        as_manager = await client.get("/link-workers/lw-amina", headers=manager(settings))
        as_herself = await client.get(
            "/link-workers/lw-amina", headers=bearer(settings, "lw-amina", "link_worker")
        )
        as_brian = await client.get(
            "/link-workers/lw-amina", headers=bearer(settings, "lw-brian", "link_worker")
        )
        other_team = await client.get(
            "/link-workers/lw-amina",
            headers=bearer(settings, "mgr-2", "manager", team_id="leeds-south"),
        )
    assert as_manager.json()["caseload_cap"] == 10 and as_manager.json()["spare"] == 10
    assert as_herself.status_code == 200
    assert as_brian.status_code == 404 and other_team.status_code == 404
    assert again.status_code == 409 and again.json()["detail"]["where"] == "link_worker_id"
