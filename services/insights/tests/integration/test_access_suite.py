"""The access-control suite of the insights service, generated from its routes: for every
route that confines its callers and each role it confines, a referral of party A's (practice
B86001 of PCN U00001, team leeds-north); the same role of party B (PCN U00002, team
leeds-south) and of no party is refused or shown nothing of it, and A's own caller is shown it
(linkwork_devstack.access_suite). Counts are not suppressed here (SUPPRESS_BELOW=1), so that
one referral shows."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest
import pytest_asyncio

from linkwork_devstack import access_suite
from linkwork_devstack.access_matrix import deployable_app
from linkwork_devstack.access_suite import PRACTICE_A, TEAM_A, Call, Caller, Case, Owned
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import settings_for
from linkwork_insights.app import create_app
from linkwork_insights.settings import Settings

CASES = access_suite.cases(deployable_app("insights"))
PERIOD = "?from=2026-01&to=2026-01"
PUBLICATION = {"report": "referrals", "from": "2026-01", "to": "2026-01"}


class World:
    """The insights service in process (no broker: routes need only the database), its
    projections written directly, as its handlers would have."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient, app: Any) -> None:
        self.settings = settings
        self.client = client
        self.store = app.state.runtime.store

    async def send(self, who: Caller, request: Mapping[str, Any]) -> httpx.Response:
        return await self.client.request(**request, headers=who.headers(self.settings))

    async def referral(self, _: Case) -> Owned:
        """A referral of practice A and team A, received, assigned, accepted and closed in
        January 2026, with a link to a service."""
        referral_id, journey_id = f"ref-{uuid.uuid4().hex[:8]}", f"jny-{uuid.uuid4().hex[:8]}"
        await self.store.referrals.put(
            {
                "_id": referral_id,
                "journey_id": journey_id,
                "month": "2026-01",
                "end_month": "2026-01",
                "practice": PRACTICE_A,
                "team_id": TEAM_A,
                "route": "gp",
                "received_at": "2026-01-05T09:00:00+00:00",
                "assigned_at": "2026-01-06T09:00:00+00:00",
                "accepted_at": "2026-01-07T09:00:00+00:00",
                "closure_reason": "goals_met",
                "goals": {},
                "measures": [],
            }
        )
        await self.store.links.put(
            {
                "_id": f"lnk-{journey_id}",
                "journey_id": journey_id,
                "month": "2026-01",
                "need": "loneliness",
            }
        )
        return Owned({"practice": PRACTICE_A})

    async def publication(self, case: Case) -> Owned:
        """A report A's own caller published."""
        await self.referral(case)
        answer = await self.send(
            case.owner, {"method": "POST", "url": "/published", "json": PUBLICATION}
        )
        assert answer.status_code == 201, answer.text
        return Owned({"publication_id": answer.json()["publication_id"]})


def figures(answer: httpx.Response) -> dict[str, Any]:
    try:
        found: dict[str, Any] = answer.json().get("figures", {})
    except json.JSONDecodeError:
        return {}
    return found


def counted(read: str) -> Any:
    """Whether a report's answer counts anything (the referral of A's)."""

    def shows(answer: httpx.Response, _: Owned) -> bool:
        found = figures(answer)
        if not found:
            return False
        if read == "waits":
            return bool(found["rows"][0]["referrals"])
        if read == "outcomes":
            return bool(found["ended"])
        return bool(found["by_need"][-1]["linked"])

    return shows


CALLS: dict[str, Call[World]] = {
    "GET /reports/referrals": Call(World.referral),
    "GET /reports/waits": Call(World.referral, shows=counted("waits")),
    "GET /reports/outcomes": Call(World.referral, shows=counted("outcomes")),
    "GET /reports/connections": Call(World.referral, shows=counted("connections")),
    "POST /published": Call(World.referral, body=lambda _: PUBLICATION),
    "GET /published": Call(World.publication),
    "GET /published/{publication_id}": Call(World.publication),
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(linkwork_infra: Endpoints) -> AsyncIterator[World]:
    tag = f"t{uuid.uuid4().hex[:10]}"
    settings = settings_for(
        Settings, linkwork_infra.kafka_bootstrap, linkwork_infra.mongodb_uri, tag, suppress_below=1
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://insights") as client:
        yield World(settings, client, app)
    await app.state.runtime.mongo.close()


async def _send_with_period(
    world: World, who: Caller, request: Mapping[str, Any]
) -> httpx.Response:
    url = str(request["url"])
    if url.startswith("/reports/"):
        request = {**request, "url": f"{url}{PERIOD}"}
    return await world.send(who, request)


def test_every_route_that_confines_its_callers_has_a_call() -> None:
    assert access_suite.missing_calls(CASES, CALLS) == []


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", CASES, ids=str)
async def test_another_partys_caller_is_left_out_and_the_owner_is_served(
    case: Case, world: World
) -> None:
    async def send(who: Caller, request: Mapping[str, Any]) -> httpx.Response:
        return await _send_with_period(world, who, request)

    await access_suite.check(case, CALLS[case.route], world, send)
