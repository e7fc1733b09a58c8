"""The referral service's lists against the real database: referrals and submissions come a
page at a time, newest first, 50 a page unless asked, at most 200, in one envelope."""

from __future__ import annotations

import random

from linkwork_devstack.testing import running
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings

from .routing import route_to_the_team, team_staff


async def test_referrals_and_submissions_are_listed_a_page_at_a_time(settings: Settings) -> None:
    rng = random.Random(21)
    staff = team_staff(settings)
    async with running(create_app(settings)) as client:
        await route_to_the_team(client, settings)
        made = [
            (await client.post("/referrals", json=submission(rng), headers=staff)).json()
            for _ in range(3)
        ]
        for _ in range(2):
            refused = submission(rng)
            refused["patient"]["consent_to_contact"] = False
            await client.post("/referrals", json=refused, headers=staff)
        first = (await client.get("/referrals?per_page=2", headers=staff)).json()
        second = (await client.get("/referrals?per_page=2&page=2", headers=staff)).json()
        default = (await client.get("/referrals", headers=staff)).json()
        most = await client.get("/referrals?per_page=200", headers=staff)
        too_many = await client.get("/referrals?per_page=201", headers=staff)
        nought = await client.get("/referrals?page=0", headers=staff)
        rejected = (await client.get("/submissions?per_page=1", headers=staff)).json()
        too_many_submissions = await client.get("/submissions?per_page=201", headers=staff)

    listed = first["items"] + second["items"]
    assert list(first) == ["total", "page", "per_page", "items"]
    assert (first["total"], first["page"], first["per_page"]) == (3, 1, 2)
    assert sorted(i["referral_id"] for i in listed) == sorted(r["referral_id"] for r in made)
    received = [i["received_at"] for i in listed]
    assert received == sorted(received, reverse=True)  # newest first
    assert (second["page"], len(second["items"])) == (2, 1)
    assert (default["page"], default["per_page"], len(default["items"])) == (1, 50, 3)
    assert most.status_code == 200
    assert too_many.status_code == 422
    assert nought.status_code == 422
    assert (rejected["total"], rejected["per_page"], len(rejected["items"])) == (2, 1, 1)
    assert rejected["items"][0]["reasons"][0]["rule"] == "consent.required"
    assert too_many_submissions.status_code == 422
