"""The access-control suite of the directory service, generated from its routes: for every
route that confines its callers and each role it confines, a link or service of party A's
(a journey of lw-a of team leeds-north, linked to a service of organisation A); the same role
of party B, and of no party, is refused as the route declares, and A's own caller is served
(linkwork_devstack.access_suite)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest
import pytest_asyncio

from linkwork_devstack import access_suite
from linkwork_devstack.access_matrix import deployable_app
from linkwork_devstack.access_suite import (
    LINK_WORKER_A,
    ORGANISATION_A,
    TEAM_A,
    Call,
    Caller,
    Case,
    Owned,
)
from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import settings_for
from linkwork_directory.app import create_app, definition
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings
from linkwork_runtime.access import Party

CASES = access_suite.cases(deployable_app("directory"))
# Information governance reads only what a subject access request asks of this service.
EVERY = access_suite.every_partys(deployable_app("directory"))
WORKER_A = access_suite.caller("link_worker", Party.CASELOAD, "a")
PROVIDER_A = access_suite.caller("provider", Party.ORGANISATION, "a")
DIRECTORY_MANAGER = Caller("dm-1", "directory_manager")
ORGANISATION = {
    **build.organization("suite-a", "Party A's Growers", "Community gardening"),
    "id": ORGANISATION_A,
}
SERVICE = build.service("suite-garden", "Party A's Garden", "Grow food", ORGANISATION)
SERVICE_ID = str(SERVICE["id"])


class World:
    """The directory in process (no broker: routes need only the database), with a service
    of organisation A's; its handler tier learns of journeys as its consumer does."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient, tier: HandlerTier) -> None:
        self.settings = settings
        self.client = client
        self.tier = tier

    async def send(self, who: Caller, request: Mapping[str, Any]) -> httpx.Response:
        return await self.client.request(**request, headers=who.headers(self.settings))

    async def expect(self, who: Caller, status: int, **request: Any) -> dict[str, Any]:
        answer = await self.send(who, request)
        assert answer.status_code == status, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def list_service(self) -> None:
        await self.expect(DIRECTORY_MANAGER, 201, method="POST", url="/services", json=SERVICE)
        places = {"capacity_total": 1000}
        url = f"/services/{SERVICE_ID}/capacity"
        await self.expect(DIRECTORY_MANAGER, 200, method="PUT", url=url, json=places)

    async def journey(self, _: Case) -> Owned:
        """An open journey of lw-a's, of team A, as journey.events told the directory."""
        story = Story(link_worker=LINK_WORKER_A, team=TEAM_A)
        await self.tier.consume("journey-events", story.journey_started())
        return Owned({"journey_id": story.journey_id, "referral_id": story.referral_id})

    async def link(self, case: Case) -> Owned:
        """A pending link of a journey of lw-a's to organisation A's service."""
        journey = (await self.journey(case)).ids["journey_id"]
        body = {"journey_id": journey, "service_id": SERVICE_ID}
        made = await self.expect(WORKER_A, 201, method="POST", url="/links", json=body)
        return Owned({"link_id": made["link_id"]})

    async def accepted_link(self, case: Case) -> Owned:
        """A link of lw-a's that organisation A's provider took on."""
        link = await self.link(case)
        url = f"/links/{link.ids['link_id']}/accept"
        await self.expect(PROVIDER_A, 200, method="POST", url=url)
        return link

    async def organisation(self, _: Case) -> Owned:
        return Owned({"organization_id": ORGANISATION_A})

    async def service(self, _: Case) -> Owned:
        return Owned({"service_id": SERVICE_ID})


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(linkwork_infra: Endpoints) -> AsyncIterator[World]:
    tag = f"t{uuid.uuid4().hex[:10]}"
    settings = settings_for(
        Settings,
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        tag,
        demo_directory=False,
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        handler_tier(definition(settings)) as tier,
        httpx.AsyncClient(transport=transport, base_url="http://directory") as client,
    ):
        world = World(settings, client, tier)
        await world.list_service()
        yield world
    await app.state.runtime.mongo.close()


def reason(_: Owned) -> dict[str, str]:
    return {"reason": "checking who may"}


CALLS: dict[str, Call[World]] = {
    "GET /subject-access": Call(
        World.journey, query=lambda j: {"referral_id": j.ids["referral_id"]}
    ),
    "GET /links": Call(World.link),
    "GET /links/{link_id}": Call(World.link),
    "POST /links": Call(
        World.journey,
        body=lambda journey: {"journey_id": journey.ids["journey_id"], "service_id": SERVICE_ID},
    ),
    "POST /links/{link_id}/accept": Call(World.link),
    "POST /links/{link_id}/decline": Call(World.link, body=reason),
    "POST /links/{link_id}/attendance": Call(World.accepted_link, body=lambda _: {}),
    "POST /links/{link_id}/end": Call(World.accepted_link, body=reason),
    "GET /organizations/{organization_id}/services": Call(World.organisation),
    "PUT /services/{service_id}/capacity": Call(
        World.service, body=lambda _: {"capacity_total": 1000}
    ),
}


def test_every_route_that_confines_its_callers_has_a_call() -> None:
    assert access_suite.missing_calls([*CASES, *EVERY], CALLS) == []


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", CASES, ids=str)
async def test_another_partys_caller_is_refused_and_the_owner_is_served(
    case: Case, world: World
) -> None:
    await access_suite.check(case, CALLS[case.route], world, world.send)


def test_information_governance_reaches_only_subject_access() -> None:
    assert [str(case) for case in EVERY] == [
        "GET /subject-access as information_governance, of no team"
    ]


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", EVERY, ids=str)
async def test_information_governance_reads_every_teams_record(case: Case, world: World) -> None:
    await access_suite.check_every_partys(case, CALLS[case.route], world, world.send)
