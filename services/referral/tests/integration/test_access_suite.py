"""The access-control suite of the referral service, generated from its routes: for every
route that confines its callers and each role it confines, a referral (or link worker) of
party A's; the same role of party B, and of no party, is refused as the route declares, and
A's own caller is served (linkwork_devstack.access_suite). Party A: team leeds-north, its link
worker lw-a, practice B86001 (every test referral is from B86001, assigned to lw-a)."""

from __future__ import annotations

import random
import uuid
from collections.abc import AsyncIterator, Mapping
from itertools import count
from typing import Any

import httpx
import pytest
import pytest_asyncio

from linkwork_devstack import access_suite
from linkwork_devstack.access_matrix import deployable_app
from linkwork_devstack.access_suite import (
    LINK_WORKER_A,
    PRACTICE_A,
    TEAM_A,
    Call,
    Caller,
    Case,
    Owned,
)
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import settings_for
from linkwork_referral.app import create_app
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_runtime.access import Party

CASES = access_suite.cases(deployable_app("referral"))
# Information governance: organisation-wide, reading only.
IG = "information_governance"
EVERY = access_suite.every_partys(deployable_app("referral"))
CHANGES = access_suite.changes_refused_to(deployable_app("referral"), IG)
MANAGER_A = access_suite.caller("manager", Party.TEAM, "a")
AGENCY_A = access_suite.caller("agency", Party.ORGANISATION, "a")
INTAKE = Caller("gp-system", "integration")
OTHER_WORKER_A = "lw-a2"  # of team A too: where a reassignment sends a referral


class World:
    """The referral service in process (no broker: routes need only the database), with lw-a
    and lw-a2 registered in team A, lw-a serving practice A."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient) -> None:
        self.settings = settings
        self.client = client
        self.seeds = count(1)

    async def send(self, who: Caller, request: Mapping[str, Any]) -> httpx.Response:
        return await self.client.request(**request, headers=who.headers(self.settings))

    async def register(self, link_worker_id: str, practice: str) -> None:
        body = {"link_worker_id": link_worker_id, "name": link_worker_id, "practices": [practice]}
        answer = await self.send(
            MANAGER_A, {"method": "POST", "url": "/link-workers", "json": body}
        )
        assert answer.status_code == 201, answer.text
        changed = await self.send(
            MANAGER_A,
            {
                "method": "PATCH",
                "url": f"/link-workers/{link_worker_id}",
                "json": {"caseload_cap": 1000},
            },
        )
        assert changed.status_code == 200, changed.text

    async def submitted(self, nhs_number: str | None = None) -> dict[str, Any]:
        document = submission(random.Random(next(self.seeds)))
        document["referrer"]["ods_code"] = PRACTICE_A
        if nhs_number:
            document["patient"]["nhs_number"] = nhs_number
        answer = await self.send(INTAKE, {"method": "POST", "url": "/referrals", "json": document})
        assert answer.status_code == 201, answer.text
        made: dict[str, Any] = answer.json() | {"nhs_number": document["patient"]["nhs_number"]}
        return made

    async def referral(self, case: Case) -> Owned:
        """A referral of party A's in every kind: from practice A, on lw-a's caseload (team A);
        for an agency's case, one agency A sent."""
        if case.role == "agency":
            return await self.from_agency()
        made = await self.submitted()
        return Owned({"referral_id": made["referral_id"]})

    async def from_agency(self) -> Owned:
        document = submission(random.Random(next(self.seeds)))
        document["route"] = "charity"
        document["referrer"] = {"organisation_name": "Leeds Housing Options"}
        answer = await self.send(
            AGENCY_A, {"method": "POST", "url": "/referrals", "json": document}
        )
        assert answer.status_code == 201, answer.text
        return Owned({"referral_id": answer.json()["referral_id"]})

    async def note(self, case: Case) -> Owned:
        """An open case note lw-a's manager wrote on a referral of party A's."""
        made = await self.referral(case)
        url = f"/referrals/{made.ids['referral_id']}/notes"
        body = {"category": "phone_call", "text": "Called, no answer"}
        answer = await self.send(MANAGER_A, {"method": "POST", "url": url, "json": body})
        assert answer.status_code == 201, answer.text
        return Owned({**made.ids, "note_id": answer.json()["note_id"]})

    async def consented(self, case: Case) -> Owned:
        """A referral of party A's whose person lw-a's manager heard agree to SMS."""
        made = await self.referral(case)
        url = f"/referrals/{made.ids['referral_id']}/consents"
        body = {"purpose": "sms", "source": "phone"}
        answer = await self.send(MANAGER_A, {"method": "POST", "url": url, "json": body})
        assert answer.status_code == 201, answer.text
        return Owned({**made.ids, "purpose": "sms"})

    async def possible_duplicate(self, _: Case) -> Owned:
        """A second referral of someone lw-a already has: waiting for lw-a's review."""
        first = await self.submitted()
        second = await self.submitted(nhs_number=first["nhs_number"])
        assert second["status"] == "possible_duplicate", second
        return Owned({"referral_id": second["referral_id"]})

    async def link_worker(self, _: Case) -> Owned:
        """lw-a's own record, in team A."""
        return Owned({"link_worker_id": LINK_WORKER_A})

    async def team(self, _: Case) -> Owned:
        """Team A, named by a new link worker's registration."""
        return Owned({"team_id": TEAM_A, "link_worker_id": f"lw-{uuid.uuid4().hex[:8]}"})


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(linkwork_infra: Endpoints) -> AsyncIterator[World]:
    tag = f"t{uuid.uuid4().hex[:10]}"
    settings = settings_for(
        Settings, linkwork_infra.kafka_bootstrap, linkwork_infra.mongodb_uri, tag
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://referral") as client:
        world = World(settings, client)
        await world.register(LINK_WORKER_A, PRACTICE_A)
        await world.register(OTHER_WORKER_A, "B86099")
        yield world
    await app.state.runtime.mongo.close()


def reason(_: Owned) -> dict[str, str]:
    return {"reason": "checking who may"}


CALLS: dict[str, Call[World]] = {
    "GET /referrals": Call(World.referral),
    "GET /people": Call(World.referral),
    "POST /referrals/{referral_id}/person": Call(
        World.referral, body=lambda _: {"phone": "07700 900999"}
    ),
    "POST /referrals/{referral_id}/notes": Call(
        World.referral, body=lambda _: {"category": "other", "text": "checking who may"}
    ),
    "POST /referrals/{referral_id}/notes/{note_id}/correct": Call(
        World.note, body=lambda _: {"text": "checking who may correct"}
    ),
    "GET /referrals/{referral_id}": Call(World.referral),
    "GET /subject-access": Call(
        World.referral, query=lambda r: {"referral_id": r.ids["referral_id"]}
    ),
    "GET /referrals/{referral_id}/consents": Call(World.referral),
    "POST /referrals/{referral_id}/consents": Call(
        World.referral, body=lambda _: {"purpose": "share_with_provider", "source": "form"}
    ),
    "POST /referrals/{referral_id}/consents/{purpose}/withdraw": Call(
        World.consented, body=lambda _: {"source": "phone"}
    ),
    "POST /referrals/{referral_id}/accept": Call(World.referral),
    "POST /referrals/{referral_id}/contact-attempts": Call(
        World.referral, body=lambda _: {"method": "phone", "outcome": "no_answer"}
    ),
    "POST /referrals/{referral_id}/decline": Call(World.referral, body=reason),
    "POST /referrals/{referral_id}/withdraw": Call(World.referral, body=reason),
    "POST /referrals/{referral_id}/reassign": Call(
        World.referral, body=lambda _: {"link_worker_id": OTHER_WORKER_A}
    ),
    "POST /referrals/{referral_id}/duplicate-review": Call(
        World.possible_duplicate, body=lambda _: {"distinct": True}
    ),
    "GET /link-workers": Call(World.link_worker),
    "GET /link-workers/{link_worker_id}": Call(World.link_worker),
    "PATCH /link-workers/{link_worker_id}": Call(
        World.link_worker, body=lambda _: {"pcn": "Leeds"}
    ),
    "GET /link-workers/{link_worker_id}/caseload": Call(World.link_worker),
    "GET /teams/{team_id}/catchment": Call(World.team),
    "PUT /teams/{team_id}/catchment": Call(World.team, body=lambda _: {"entries": ["ZE1"]}),
    "POST /link-workers": Call(
        World.team,
        body=lambda team: {
            "link_worker_id": team.ids["link_worker_id"],
            "name": "Registered by the suite",
            "practices": ["B86099"],
            "team_id": team.ids["team_id"],
        },
    ),
}


def test_every_route_that_confines_its_callers_has_a_call() -> None:
    assert access_suite.missing_calls([*CASES, *EVERY], CALLS) == []
    assert len(CASES) > len(CALLS)  # a role per case: most routes serve several


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", CASES, ids=str)
async def test_another_partys_caller_is_refused_and_the_owner_is_served(
    case: Case, world: World
) -> None:
    await access_suite.check(case, CALLS[case.route], world, world.send)


@pytest.mark.asyncio(loop_scope="module")
async def test_a_manager_is_shown_only_submissions_never_routed_to_a_team(world: World) -> None:
    """The leak this suite found: `GET /submissions?status=accepted` showed a manager of any
    team the original of every team's referral (name, NHS number, reasons). A submission that
    became a referral is its team's, read as the referral; a rejected one was never routed."""
    accepted = await world.submitted()
    broken = submission(random.Random(next(world.seeds)), invalid=True)
    rejected = await world.send(INTAKE, {"method": "POST", "url": "/referrals", "json": broken})
    other_team = access_suite.caller("manager", Party.TEAM, "b")
    listings = {
        status: await world.send(other_team, {"method": "GET", "url": f"/submissions{status}"})
        for status in ("?status=accepted", "?status=", "")
    }
    by_integration = await world.send(
        INTAKE, {"method": "GET", "url": "/submissions?status=accepted"}
    )
    assert rejected.status_code == 422
    assert {answer.status_code for answer in listings.values()} == {200}
    assert all(accepted["submission_id"] not in a.text for a in listings.values())
    assert rejected.json()["submission_id"] in listings[""].text
    assert accepted["submission_id"] in by_integration.text


def test_information_governance_reads_and_only_reads() -> None:
    assert EVERY and {case.role for case in EVERY} == {IG}
    assert {case.method for case in EVERY} == {"GET"}
    assert CHANGES


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", EVERY, ids=str)
async def test_information_governance_reads_every_teams_record(case: Case, world: World) -> None:
    await access_suite.check_every_partys(case, CALLS[case.route], world, world.send)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", CHANGES, ids=str)
async def test_information_governance_changes_nothing(case: Case, world: World) -> None:
    await access_suite.check_change_refused(case, CALLS[case.route], world, world.send)
