"""The access-control suite of the notifications service, generated from its routes: for
every route that confines its callers and each role it confines, a notification in party A's
inbox (made from the event that calls for it, as the consumer makes it) or a recipient of
team A's; the same role of party B, and of no party, is refused as the route declares, and
A's own caller is served (linkwork_devstack.access_suite)."""

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
from linkwork_notifications.app import create_app, definition
from linkwork_notifications.settings import Settings
from linkwork_runtime.access import Party

from ..safety import concern_raised

CASES = access_suite.cases(deployable_app("notifications"))
# Information governance reads only what a subject access request asks of this service.
EVERY = access_suite.every_partys(deployable_app("notifications"))
MANAGER_A = access_suite.caller("manager", Party.TEAM, "a")


class World:
    """The notifications service in process (no broker: routes need only the database), and
    its handler tier, which turns events into notifications as its consumer does."""

    def __init__(self, settings: Settings, client: httpx.AsyncClient, tier: HandlerTier) -> None:
        self.settings = settings
        self.client = client
        self.tier = tier

    async def send(self, who: Caller, request: Mapping[str, Any]) -> httpx.Response:
        if request["url"] != "/stream":
            return await self.client.request(**request, headers=who.headers(self.settings))
        token = access_suite.ending_soon(self.settings.development_secret, who)
        params = {"access_token": token, "last_event_id": "0"}  # all the feed holds
        return await self.client.request(**request, params=params)

    async def notification(self, case: Case) -> Owned:
        """An unread notification in party A's inbox."""
        story = Story()
        event, inbox = access_suite.inbox_event(story, case)
        await self.tier.consume(f"{event.TOPIC.replace('.', '-')}", event)
        found = await self.tier.store.inbox.find_one(
            {"recipient_id": inbox, "source_event_id": str(event.event_id)}
        )
        assert found is not None, f"{event.event_type} left nothing in {inbox}"
        return Owned({"notification_id": found["_id"], "referral_id": found["referral_id"]})

    async def still_unread(self, owned: Owned) -> bool:
        found = await self.tier.store.inbox.get(owned.ids["notification_id"])
        return found is not None and found["read_at"] is None

    async def concern(self, case: Case) -> Owned:
        """A safeguarding concern of team A; the owner a link worker the team's manager made
        its safeguarding lead, or the team's manager."""
        raised = concern_raised(Story(team=TEAM_A))
        await self.tier.consume("journey-events", raised)
        if case.role == "link_worker":
            lead = staff_a(None) | {"safeguarding_lead": True}
            request = {"method": "PUT", "url": f"/recipients/{case.owner.sub}", "json": lead}
            answer = await self.send(MANAGER_A, request)
            assert answer.status_code == 200, answer.text
        return Owned({"concern_id": raised.payload.concern_id})

    async def still_open(self, owned: Owned) -> bool:
        found = await self.tier.store.concerns.get(owned.ids["concern_id"])
        return found is not None and found["status"] == "open"

    async def recipient(self, _: Case) -> Owned:
        """A link worker of team A whose details team A's manager keeps."""
        recipient_id = f"lw-{uuid.uuid4().hex[:8]}"
        request = {"method": "PUT", "url": f"/recipients/{recipient_id}", "json": staff_a(None)}
        answer = await self.send(MANAGER_A, request)
        assert answer.status_code == 200, answer.text
        return Owned({"recipient_id": recipient_id})


def staff_a(_: Owned | None) -> dict[str, str]:
    return {"email": "staff.a@nhs.net", "role": "link_worker", "team_id": TEAM_A}


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
        httpx.AsyncClient(transport=transport, base_url="http://notifications") as client,
    ):
        yield World(settings, client, tier)
    await app.state.runtime.mongo.close()


def unread(answer: httpx.Response, _: Owned) -> bool:
    return bool(answer.is_success and answer.json()["unread"] > 0)


def notified(answer: httpx.Response, owned: Owned) -> bool:
    """Whether a stream sent the notification (ops see every event's envelope, which names
    no more than ids: the notification itself is what is confined)."""
    messages = answer.text.split("\r\n\r\n") if answer.is_success else []
    return any("event: notification" in m and owned.marker in m for m in messages)


def marked(answer: httpx.Response, _: Owned) -> bool:
    return bool(answer.is_success and answer.json()["marked"] > 0)


CALLS: dict[str, Call[World]] = {
    "GET /subject-access": Call(
        World.notification, query=lambda n: {"referral_id": n.ids["referral_id"]}
    ),
    "GET /notifications": Call(World.notification),
    "GET /notifications/unread-count": Call(World.notification, shows=unread),
    "POST /notifications/{notification_id}/read": Call(World.notification),
    "POST /notifications/read-all": Call(World.notification, shows=marked, kept=World.still_unread),
    "GET /stream": Call(World.notification, shows=notified),
    "GET /recipients": Call(World.recipient),
    "GET /recipients/{recipient_id}": Call(World.recipient),
    "PUT /recipients/{recipient_id}": Call(World.recipient, body=staff_a),
    "GET /safeguarding-concerns": Call(World.concern),
    "POST /safeguarding-concerns/{concern_id}/acknowledge": Call(
        World.concern, kept=World.still_open
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
