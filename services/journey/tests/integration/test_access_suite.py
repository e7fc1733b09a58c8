"""The access-control suite of the journey service, generated from its routes: for every
route that confines its callers and each role it confines, a journey of party A's (lw-a of
team leeds-north), started as the service starts one, from ReferralAccepted; the same role
of party B, and a manager of no team, is refused as the route declares, and A's own caller
is served (linkwork_devstack.access_suite)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio

from linkwork_devstack import access_suite
from linkwork_devstack.access_matrix import deployable_app
from linkwork_devstack.access_suite import LINK_WORKER_A, TEAM_A, Call, Caller, Case, Owned
from linkwork_devstack.builders import Story
from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import settings_for
from linkwork_journey.app import create_app, definition
from linkwork_journey.settings import Settings
from linkwork_runtime.access import Party
from linkwork_schemas.journey import JourneyStarted

CASES = access_suite.cases(deployable_app("journey"))
# Information governance: organisation-wide, reading only.
IG = "information_governance"
EVERY = access_suite.every_partys(deployable_app("journey"))
CHANGES = access_suite.changes_refused_to(deployable_app("journey"), IG)
WORKER_A = access_suite.caller("link_worker", Party.CASELOAD, "a")


def in_a_month() -> str:
    return (datetime.now(UTC).date() + timedelta(days=30)).isoformat()


def today() -> str:
    """Today as the service will read it, asked at each use (a run may cross midnight)."""
    return datetime.now(UTC).date().isoformat()


ONS4 = {"life_satisfaction": 6, "worthwhile": 6, "happiness": 6, "anxiety": 4}


class World:
    """The journey service in process (no broker: routes need only the database), and its
    handler tier, which starts journeys from referral events as its consumer does."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient, tier: HandlerTier) -> None:
        self.settings = settings
        self.client = client
        self.tier = tier

    async def send(self, who: Caller, request: Mapping[str, Any]) -> httpx.Response:
        return await self.client.request(**request, headers=who.headers(self.settings))

    async def journey(self, _: Case) -> Owned:
        """An open journey of lw-a's, of team A."""
        story = Story(link_worker=LINK_WORKER_A, team=TEAM_A)
        ran = await self.tier.consume("referral-events", story.accepted())
        journey_id = ran.only(JourneyStarted).payload.journey_id
        return Owned({"journey_id": journey_id, "referral_id": story.referral_id})

    async def referral(self, case: Case) -> Owned:
        """A referral of lw-a's whose journey has started."""
        return Owned({"referral_id": (await self.journey(case)).ids["referral_id"]})

    async def goal(self, case: Case) -> Owned:
        """A goal lw-a set on a journey of theirs."""
        journey = await self.journey(case)
        made = await self._recorded(journey, "/goals", {"description": "Join a walking group"})
        return Owned({**journey.ids, "goal_id": made["goal_id"]})

    async def appointment(self, case: Case) -> Owned:
        """An appointment lw-a booked on a journey of theirs."""
        journey = await self.journey(case)
        when = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
        made = await self._recorded(
            journey, "/appointments", {"scheduled_for": when, "mode": "phone"}
        )
        return Owned({**journey.ids, "appointment_id": made["appointment_id"]})

    async def visit(self, case: Case) -> Owned:
        """A home visit lw-a booked on a journey of theirs."""
        journey = await self.journey(case)
        when = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0).isoformat()
        made = await self._recorded(
            journey, "/appointments", {"scheduled_for": when, "mode": "home_visit"}
        )
        return Owned({**journey.ids, "appointment_id": made["appointment_id"]})

    async def checked_in(self, case: Case) -> Owned:
        """A home visit lw-a has checked in to."""
        visit = await self.visit(case)
        url = f"/journeys/{visit.ids['journey_id']}/appointments/{visit.ids['appointment_id']}"
        answer = await self.send(WORKER_A, {"method": "POST", "url": f"{url}/check-in", "json": {}})
        assert answer.status_code == 200, answer.text
        return visit

    async def flag(self, case: Case) -> Owned:
        """A risk flag lw-a raised on a journey of theirs."""
        journey = await self.journey(case)
        made = await self._recorded(
            journey,
            "/risk-flags",
            {"kind": "lone_working", "description": "A dog in the house", "review_on": today()},
        )
        return Owned({**journey.ids, "flag_id": made["flag_id"]})

    async def note(self, case: Case) -> Owned:
        """An open case note lw-a wrote on a journey of theirs."""
        journey = await self.journey(case)
        made = await self._recorded(
            journey, "/notes", {"category": "phone_call", "text": "Called, no answer"}
        )
        return Owned({**journey.ids, "note_id": made["note_id"]})

    async def _recorded(self, journey: Owned, step: str, body: dict[str, Any]) -> dict[str, Any]:
        url = f"/journeys/{journey.ids['journey_id']}{step}"
        answer = await self.send(WORKER_A, {"method": "POST", "url": url, "json": body})
        assert answer.status_code == 201, answer.text
        recorded: dict[str, Any] = answer.json()
        return recorded


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(linkwork_infra: Endpoints) -> AsyncIterator[World]:
    tag = f"t{uuid.uuid4().hex[:10]}"
    settings = settings_for(
        Settings, linkwork_infra.kafka_bootstrap, linkwork_infra.mongodb_uri, tag
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with (
        handler_tier(definition(settings)) as tier,
        httpx.AsyncClient(transport=transport, base_url="http://journey") as client,
    ):
        yield World(settings, client, tier)
    await app.state.runtime.mongo.close()


def body(fields: dict[str, Any]) -> Call[World]:
    """A step on a journey of A's, with `fields` as its body."""
    return Call(World.journey, body=lambda _: fields)


CALLS: dict[str, Call[World]] = {
    "GET /journeys": Call(World.journey),
    "GET /journeys/{journey_id}": Call(World.journey),
    "GET /journeys/{journey_id}/timeline": Call(World.journey),
    "GET /referrals/{referral_id}/timeline": Call(World.referral),
    "GET /subject-access": Call(
        World.journey, query=lambda j: {"referral_id": j.ids["referral_id"]}
    ),
    "POST /journeys/{journey_id}/contacts": body({"mode": "phone", "occurred_on": today()}),
    "POST /journeys/{journey_id}/appointments": body(
        {
            "scheduled_for": (datetime.now(UTC) + timedelta(days=2)).isoformat(),
            "mode": "phone",
        }
    ),
    "POST /journeys/{journey_id}/appointments/{appointment_id}/cancel": Call(
        World.appointment, body=lambda _: {"reason": "checking who may"}
    ),
    "POST /journeys/{journey_id}/assessments": body({"needs": [{"domain": "loneliness"}]}),
    "POST /journeys/{journey_id}/goals": body({"description": "Cook with others"}),
    "POST /journeys/{journey_id}/goals/{goal_id}/progress": Call(
        World.goal, body=lambda _: {"note": "went once"}
    ),
    "POST /journeys/{journey_id}/goals/{goal_id}/achieve": Call(World.goal, body=lambda _: {}),
    "POST /journeys/{journey_id}/goals/{goal_id}/abandon": Call(
        World.goal, body=lambda _: {"reason": "the club closed"}
    ),
    "POST /journeys/{journey_id}/measures": body(
        {"instrument": "ONS4", "measured_on": today(), "items": ONS4}
    ),
    "POST /journeys/{journey_id}/close": body({"reason": "goals_met"}),
    "GET /risk-flags/due": Call(World.flag),
    "POST /journeys/{journey_id}/appointments/{appointment_id}/check-in": Call(
        World.visit, body=lambda _: {}
    ),
    "POST /journeys/{journey_id}/appointments/{appointment_id}/check-out": Call(
        World.checked_in, body=lambda _: {}
    ),
    "POST /journeys/{journey_id}/risk-flags": body(
        # Built once at import: a month ahead, so a run that crosses midnight still sends a
        # review date the service takes (today's would by then be yesterday's).
        {"kind": "do_not_visit_alone", "description": "Visit in pairs", "review_on": in_a_month()}
    ),
    "POST /journeys/{journey_id}/risk-flags/{flag_id}/review": Call(
        World.flag, body=lambda _: {"note": "Still applies", "next_review_on": today()}
    ),
    "POST /journeys/{journey_id}/risk-flags/{flag_id}/remove": Call(
        World.flag, body=lambda _: {"reason": "The dog has gone"}
    ),
    "POST /journeys/{journey_id}/notes": body({"category": "other", "text": "Checking who may"}),
    "POST /journeys/{journey_id}/notes/{note_id}/correct": Call(
        World.note, body=lambda _: {"text": "Called twice, no answer"}
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
