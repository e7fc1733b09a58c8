"""Tests' routing: a team that serves the simulator's practices with no places free, so every
referral sent waits on that team (its managers read it; a manager reads no team but their own)."""

from __future__ import annotations

import httpx

from linkwork_devstack.testing import bearer
from linkwork_referral.dev.simulator import PRACTICES
from linkwork_referral.settings import Settings

TEAM = "leeds-north"


def team_staff(settings: Settings) -> dict[str, str]:
    """A manager (and integration) of the team every test referral waits on."""
    return bearer(settings, "mgr-1", "manager", "integration", team_id=TEAM)


async def route_to_the_team(client: httpx.AsyncClient, settings: Settings) -> None:
    answer = await client.post(
        "/link-workers",
        headers=team_staff(settings),
        json={
            "link_worker_id": "lw-full",
            "name": "No places free",
            "practices": [ods for ods, _ in PRACTICES],
            "caseload_cap": 0,
        },
    )
    assert answer.status_code == 201, answer.text
