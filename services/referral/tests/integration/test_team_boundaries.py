"""A manager acts on their own team only, found leaking by probing and closed at the rule's
root (linkwork_runtime.caller.team_of): registering a link worker into another team, moving
one there, and a token with an empty team claim reading every team's referrals."""

from __future__ import annotations

import random

import httpx

from linkwork_devstack.testing import bearer, running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings


def manager_of(settings: Settings, team: str) -> dict[str, str]:
    return bearer(settings, f"mgr-{team}", "manager", "integration", team_id=team)


async def register(
    client: httpx.AsyncClient, settings: Settings, team: str, worker: str, practice: str
) -> httpx.Response:
    return await client.post(
        "/link-workers",
        headers=manager_of(settings, team),
        json={"link_worker_id": worker, "name": worker, "practices": [practice]},
    )


async def test_a_manager_registers_link_workers_in_their_own_team_only(settings: Settings) -> None:
    async with running(create_app(settings)) as client:
        into_other = await client.post(
            "/link-workers",
            headers=manager_of(settings, "leeds-south"),
            json={
                "link_worker_id": "lw-planted",
                "name": "Planted",
                "practices": ["B86001"],
                "team_id": "leeds-north",
            },
        )
        seen_by_north = await client.get(
            "/link-workers/lw-planted", headers=manager_of(settings, "leeds-north")
        )
        own = await register(client, settings, "leeds-south", "lw-dan", "B86002")
    assert into_other.status_code == 403
    assert into_other.json()["detail"]["where"] == "team_id"
    assert seen_by_north.status_code == 404  # nothing was registered
    assert own.status_code == 201 and own.json()["team_id"] == "leeds-south"


async def test_a_manager_cannot_move_their_worker_into_another_team(settings: Settings) -> None:
    south = manager_of(settings, "leeds-south")
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-south", "lw-dan", "B86002")
        moved = await client.patch(
            "/link-workers/lw-dan", headers=south, json={"team_id": "leeds-north"}
        )
        still = await client.get("/link-workers/lw-dan", headers=south)
    assert moved.status_code == 403 and moved.json()["detail"]["where"] == "team_id"
    assert still.json()["team_id"] == "leeds-south"


async def test_an_empty_or_missing_team_claim_is_no_team_not_every_team(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        await register(client, settings, "leeds-north", "lw-amina", "B86001")
        document = submission(random.Random(3))
        document["referrer"]["ods_code"] = "B86001"
        made = await client.post(
            "/referrals", json=document, headers=manager_of(settings, "leeds-north")
        )
        referral_id = made.json()["referral_id"]
        answers = {
            repr(claim): await client.get(
                "/referrals", headers=bearer(settings, "mgr-x", "manager", **claim)
            )
            for claim in ({"team_id": ""}, {"team_id": "  "}, {})
        }
        one = await client.get(
            f"/referrals/{referral_id}", headers=bearer(settings, "mgr-x", "manager", team_id="")
        )
    assert {a.status_code for a in answers.values()} == {403}
    assert all("team_id" in a.json()["detail"]["message"] for a in answers.values())
    assert one.status_code == 404
