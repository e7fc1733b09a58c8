"""The access-control suite of the console, generated from its routes, end to end: the four
services in process behind the console (no broker: their routes need only the database), with
a case of party A's made as the services make one (a referral from practice B86001 on lw-a's
caseload of team leeds-north, its journey, a link to organisation A's service, notifications
in A's inboxes). For every page that confines its callers and each role it confines, the same
role of party B, and of no party, signed in to the console, is answered as the page declares,
and A is served (linkwork_devstack.access_suite). The console calls the services with the
person's own token: this proves it never widens what they let that token reach."""

from __future__ import annotations

import contextlib
import random
import uuid
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi import FastAPI

import linkwork_directory.app as directory_app
import linkwork_journey.app as journey_app
import linkwork_notifications.app as notifications_app
import linkwork_referral.app as referral_app
from linkwork_console.actions.signing_in import development_token, start_session
from linkwork_console.api.deps import SESSION_COOKIE, cookie_signer
from linkwork_console.app import create_app
from linkwork_console.backends import Backends
from linkwork_console.domain.identity import Identity
from linkwork_console.domain.journey_times import LONDON
from linkwork_console.settings import Settings
from linkwork_devstack import access_suite
from linkwork_devstack.access_matrix import deployable_app
from linkwork_devstack.access_suite import (
    LINK_WORKER_A,
    LINK_WORKER_B,
    ORGANISATION_A,
    ORGANISATION_B,
    PRACTICE_A,
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
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings as DirectorySettings
from linkwork_journey.settings import Settings as JourneySettings
from linkwork_notifications.settings import Settings as NotificationsSettings
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings as ReferralSettings
from linkwork_runtime.access import Party
from linkwork_schemas.journey import JourneyStarted, SafeguardingConcernRaised

CASES = access_suite.cases(deployable_app("console"))
MANAGER_A = access_suite.caller("manager", Party.TEAM, "a")
WORKER_A = access_suite.caller("link_worker", Party.CASELOAD, "a")
PROVIDER_A = access_suite.caller("provider", Party.ORGANISATION, "a")
INTAKE = Caller("gp-system", "integration")
DIRECTORY_MANAGER = Caller("dm-1", "directory_manager")
OTHER_WORKER_A = "lw-a2"
SERVICES: dict[str, tuple[Any, Any, Any]] = {
    "referral": (referral_app.create_app, referral_app.definition, ReferralSettings),
    "journey": (journey_app.create_app, journey_app.definition, JourneySettings),
    "directory": (directory_app.create_app, directory_app.definition, DirectorySettings),
    "notifications": (
        notifications_app.create_app,
        notifications_app.definition,
        NotificationsSettings,
    ),
}
# No demo directory; a stream that ends as soon as its token does.
QUIET = {"directory": {"demo_directory": False}, "notifications": {"feed_poll_seconds": 0.05}}
ORGANISATIONS = {
    side: {**build.organization(f"suite-{side}", f"Party {side}'s Growers", "Gardening"), "id": id_}
    for side, id_ in (("a", ORGANISATION_A), ("b", ORGANISATION_B))
}
GARDENS = {
    side: build.service(f"suite-garden-{side}", f"Party {side}'s Garden", "Grow food", org)
    for side, org in ORGANISATIONS.items()
}
SERVICE_ID = str(GARDENS["a"]["id"])


@dataclass
class Service:
    """One service in process: its app and an HTTP client to it."""

    app: FastAPI
    client: httpx.AsyncClient
    transport: httpx.ASGITransport


class World:
    """The console in front of the four services, and a way to make party A's records in
    them as the services make them (their HTTP routes, and their handler tiers for events)."""

    def __init__(
        self,
        console: httpx.AsyncClient,
        console_app: FastAPI,
        services: dict[str, Service],
        tiers: dict[str, HandlerTier],
    ) -> None:
        self.console = console
        self.console_app = console_app
        self.services = services
        self.tiers = tiers
        self.settings: Settings = console_app.state.settings
        self.sessions: dict[str, dict[str, str]] = {}
        self.seeds = iter(range(1, 10_000))
        self.made: dict[tuple[str, str], Owned] = {}

    # Signing in, as the development sign-in does (the console's own token for the person).

    async def signed_in(self, who: Caller, token: str | None = None) -> dict[str, str]:
        """The headers of a browser signed in as `who`: the session cookie, its form token."""
        if token is None and str(who) in self.sessions:
            return self.sessions[str(who)]
        now = datetime.now(UTC)
        identity = identity_of(who)
        made, expires = development_token(self.settings, identity, now)
        if token is not None:
            expires = now + timedelta(seconds=2)
        store = self.console_app.state.store
        session = await start_session(store, self.settings, identity, token or made, expires, now)
        cookie = cookie_signer(self.settings).dumps(session.id)
        headers = {"Cookie": f"{SESSION_COOKIE}={cookie}", "x-csrf-token": session.csrf}
        if token is None:
            self.sessions[str(who)] = headers
        return headers

    async def send(self, who: Caller, request: Mapping[str, Any]) -> httpx.Response:
        """A page as `who` sees it; a form posted as their browser posts it. `/live` lasts as
        long as the session's token: one ending within the second sends what is there now."""
        form = {"data": request["json"]} if "json" in request else {}
        live = request["url"].startswith("/live")
        ends = access_suite.ending_soon(self.settings.development_secret, who) if live else None
        headers = await self.signed_in(who, ends)
        sent = {k: v for k, v in request.items() if k != "json"} | form
        params = {"last_event_id": "0"} if ends else None
        return await self.console.request(**sent, headers=headers, params=params)

    # Party A's records, made in the services behind the console.

    async def call(self, service: str, who: Caller, status: int, **request: Any) -> Any:
        client = self.services[service].client
        answer = await client.request(**request, headers=who.headers(self.settings))
        assert answer.status_code == status, f"{service}: {answer.text}"
        return answer.json()

    async def submitted(self, nhs_number: str | None = None) -> dict[str, Any]:
        document = submission(random.Random(next(self.seeds)))
        document["referrer"]["ods_code"] = PRACTICE_A
        if nhs_number:
            document["patient"]["nhs_number"] = nhs_number
        made: dict[str, Any] = await self.call(
            "referral", INTAKE, 201, method="POST", url="/referrals", json=document
        )
        return made | {"nhs_number": document["patient"]["nhs_number"]}

    async def referral(self, _: Case) -> Owned:
        """From practice A, on lw-a's caseload, of team A."""
        return Owned({"referral_id": (await self.submitted())["referral_id"]})

    async def possible_duplicate(self, _: Case) -> Owned:
        first = await self.submitted()
        second = await self.submitted(first["nhs_number"])
        return Owned({"referral_id": second["referral_id"]})

    async def journey(self, _: Case) -> Owned:
        """A referral on lw-a's caseload and the journey its acceptance starts, known to the
        directory (each service told of it as its consumer would be)."""
        referral_id = (await self.submitted())["referral_id"]
        story = Story(link_worker=LINK_WORKER_A, team=TEAM_A, referral_id=referral_id)
        ran = await self.tiers["journey"].consume("referral-events", story.accepted())
        started = ran.only(JourneyStarted)
        await self.tiers["directory"].consume("journey-events", started)
        return Owned({"journey_id": started.payload.journey_id, "referral_id": referral_id})

    async def goal(self, case: Case) -> Owned:
        journey = await self.journey(case)
        url = f"/journeys/{journey.ids['journey_id']}/goals"
        made = await self.call(
            "journey", WORKER_A, 201, method="POST", url=url, json={"description": "Walk"}
        )
        return Owned({**journey.ids, "goal_id": made["goal_id"], "step": "progress"})

    async def appointment(self, case: Case) -> Owned:
        journey = await self.journey(case)
        url = f"/journeys/{journey.ids['journey_id']}/appointments"
        when = (datetime.now(UTC) + timedelta(days=3)).replace(microsecond=0).isoformat()
        body = {"scheduled_for": when, "mode": "phone"}
        made = await self.call("journey", WORKER_A, 201, method="POST", url=url, json=body)
        return Owned({**journey.ids, "appointment_id": made["appointment_id"]})

    async def visit(self, case: Case) -> Owned:
        """A home visit booked on a journey of lw-a's, not yet checked in to."""
        journey = await self.journey(case)
        url = f"/journeys/{journey.ids['journey_id']}/appointments"
        when = (datetime.now(UTC) + timedelta(hours=1)).replace(microsecond=0).isoformat()
        body = {"scheduled_for": when, "mode": "home_visit", "duration_minutes": 45}
        made = await self.call("journey", WORKER_A, 201, method="POST", url=url, json=body)
        return Owned({**journey.ids, "appointment_id": made["appointment_id"]})

    async def checked_in(self, case: Case) -> Owned:
        visit = await self.visit(case)
        url = "/journeys/{journey_id}/appointments/{appointment_id}/check-in".format(**visit.ids)
        await self.call("journey", WORKER_A, 200, method="POST", url=url, json={})
        return visit

    async def concern(self, case: Case) -> Owned:
        """A safeguarding concern of team A, raised on a journey of lw-a's; the owner the
        team's manager, or a link worker the manager made the team's safeguarding lead."""
        story = Story(link_worker=LINK_WORKER_A, team=TEAM_A)
        raised = story.build(
            SafeguardingConcernRaised,
            story.journey_id,
            journey_id=story.journey_id,
            referral_id=story.referral_id,
            concern_id=f"flag-{uuid.uuid4().hex[:8]}",
            team_id=TEAM_A,
            link_worker_id=LINK_WORKER_A,
            raised_by=LINK_WORKER_A,
            raised_at=datetime.now(UTC).replace(microsecond=0),
        )
        await self.tiers["notifications"].consume("journey-events", raised)
        if case.role == "link_worker":
            lead = {"email": "lead.a@nhs.net", "role": "link_worker", "team_id": TEAM_A}
            url = f"/recipients/{case.owner.sub}"
            body = {**lead, "safeguarding_lead": True}
            await self.call("notifications", MANAGER_A, 200, method="PUT", url=url, json=body)
        return Owned({"concern_id": raised.payload.concern_id})

    async def still_open(self, owned: Owned) -> bool:
        found = await self.tiers["notifications"].store.concerns.get(owned.ids["concern_id"])
        return found is not None and found["status"] == "open"

    async def risk_flag(self, case: Case) -> Owned:
        journey = await self.journey(case)
        url = f"/journeys/{journey.ids['journey_id']}/risk-flags"
        review_on = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
        body = {"kind": "other", "description": "Stairs unlit", "review_on": review_on}
        made = await self.call("journey", WORKER_A, 201, method="POST", url=url, json=body)
        return Owned({**journey.ids, "flag_id": made["flag_id"]})

    async def note(self, case: Case) -> Owned:
        journey = await self.journey(case)
        url = f"/journeys/{journey.ids['journey_id']}/notes"
        body = {"category": "phone_call", "text": "Rang", "restricted": False}
        made = await self.call("journey", WORKER_A, 201, method="POST", url=url, json=body)
        return Owned({**journey.ids, "note_id": made["note_id"]})

    async def measured(self, case: Case) -> Owned:
        return Owned({**(await self.journey(case)).ids, "code": "ONS4"})

    async def link(self, case: Case) -> Owned:
        """A pending link of a journey of lw-a's to organisation A's garden."""
        journey = (await self.journey(case)).ids["journey_id"]
        body = {"journey_id": journey, "service_id": SERVICE_ID}
        made = await self.call("directory", WORKER_A, 201, method="POST", url="/links", json=body)
        return Owned({"link_id": made["link_id"]})

    async def accepted_link(self, case: Case) -> Owned:
        link = await self.link(case)
        url = f"/links/{link.ids['link_id']}/accept"
        await self.call("directory", PROVIDER_A, 200, method="POST", url=url)
        return link

    async def link_worker(self, _: Case) -> Owned:
        return Owned({"link_worker_id": LINK_WORKER_A})

    async def service(self, _: Case) -> Owned:
        return Owned({"service_id": SERVICE_ID})

    async def notification(self, case: Case) -> Owned:
        event, inbox = access_suite.inbox_event(Story(), case)
        tier = self.tiers["notifications"]
        await tier.consume(event.TOPIC.replace(".", "-"), event)
        found = await tier.store.inbox.find_one(
            {"recipient_id": inbox, "source_event_id": str(event.event_id)}
        )
        assert found is not None, f"{event.event_type} left nothing in {inbox}"
        return Owned({"notification_id": found["_id"]})

    async def still_unread(self, owned: Owned) -> bool:
        found = await self.tiers["notifications"].store.inbox.get(owned.ids["notification_id"])
        return found is not None and found["read_at"] is None

    async def furnish(self) -> None:
        """Team A's link workers (lw-a serving practice A; lw-b, the stranger, a colleague),
        and a service of each organisation (B's provider has pages of its own)."""
        for worker, practice in ((LINK_WORKER_A, PRACTICE_A), (OTHER_WORKER_A, "B86099")):
            await self.register(worker, practice)
        await self.register(LINK_WORKER_B, "B86098")
        for garden in GARDENS.values():
            await self.call(
                "directory", DIRECTORY_MANAGER, 201, method="POST", url="/services", json=garden
            )
        url = f"/services/{SERVICE_ID}/capacity"
        places = {"capacity_total": 1000}
        await self.call("directory", DIRECTORY_MANAGER, 200, method="PUT", url=url, json=places)

    async def register(self, worker: str, practice: str) -> None:
        body = {"link_worker_id": worker, "name": worker, "practices": [practice]}
        await self.call("referral", MANAGER_A, 201, method="POST", url="/link-workers", json=body)
        url, cap = f"/link-workers/{worker}", {"caseload_cap": 1000}
        await self.call("referral", MANAGER_A, 200, method="PATCH", url=url, json=cap)


def identity_of(who: Caller) -> Identity:
    claims = {k: v or None for k, v in who.claims.items()}
    return Identity(sub=who.sub, name=who.sub, roles=frozenset({who.role}), **claims)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(linkwork_infra: Endpoints) -> AsyncIterator[World]:
    tag = f"t{uuid.uuid4().hex[:10]}"
    kafka, mongo = linkwork_infra.kafka_bootstrap, linkwork_infra.mongodb_uri
    async with contextlib.AsyncExitStack() as stack:
        services: dict[str, Service] = {}
        tiers: dict[str, HandlerTier] = {}
        for name, (create, definition, settings_class) in SERVICES.items():
            settings = settings_for(settings_class, kafka, mongo, tag, **QUIET.get(name, {}))
            app = create(settings)
            transport = httpx.ASGITransport(app=app)
            client = httpx.AsyncClient(transport=transport, base_url=f"http://{name}")
            services[name] = Service(app, await stack.enter_async_context(client), transport)
            stack.push_async_callback(app.state.runtime.mongo.close)
            if name != "referral":
                tiers[name] = await stack.enter_async_context(handler_tier(definition(settings)))
        urls = {name: f"http://{name}" for name in SERVICES}
        mounts = {urls[name]: service.transport for name, service in services.items()}
        behind = await stack.enter_async_context(httpx.AsyncClient(mounts=mounts))
        console_settings = Settings(
            mongodb_uri=mongo,
            mongodb_database=f"{tag}_console",
            auth_mode="development",
            **{f"{name}_url": url for name, url in urls.items()},
        )
        console_app = create_app(console_settings)
        stack.push_async_callback(console_app.state.mongo.close)
        console_app.state.backends = Backends.of(behind, urls)  # what its lifespan makes
        transport = httpx.ASGITransport(app=console_app)
        console = httpx.AsyncClient(transport=transport, base_url="http://console")
        world = World(await stack.enter_async_context(console), console_app, services, tiers)
        await world.furnish()
        yield world


def once(make: Any) -> Any:
    """For pages that only read: one record of A's for every such page, made the first time
    (per owner: a link worker's and a manager's differ)."""

    async def made(world: World, case: Case) -> Owned:
        key = (make.__name__, str(case.owner))
        if key not in world.made:
            world.made[key] = await make(world, case)
        return world.made[key]

    return made


def in_page(answer: httpx.Response, owned: Owned) -> bool:
    """Whether a page shows the record (its id, in a link or a row)."""
    return next(iter(owned.ids.values())) in answer.text


def badge(answer: httpx.Response, _: Owned) -> bool:
    return "linkwork-badge" in answer.text


def relayed(answer: httpx.Response, owned: Owned) -> bool:
    """Whether the live connection passed the notification on."""
    messages = answer.text.split("\r\n\r\n")
    marker = next(iter(owned.ids.values()))
    return any("event: notification" in m and marker in m for m in messages)


def page(make: Any, **fields: Any) -> Call[World]:
    """A page (or a form posted from it, with `fields`) about a record of A's."""
    return Call(make, body=(lambda _: fields) if fields else None, shows=in_page)


def reason() -> dict[str, str]:
    return {"reason": "checking who may"}


def day(when: datetime, name: str) -> dict[str, str]:
    """An NHS.UK date input's three boxes."""
    return {
        f"{name}-day": str(when.day),
        f"{name}-month": str(when.month),
        f"{name}-year": str(when.year),
    }


TODAY = datetime.now(LONDON)
ONS4 = {"life_satisfaction": "6", "worthwhile": "6", "happiness": "6", "anxiety": "4"}
CALLS: dict[str, Call[World]] = {
    "GET /caseload": page(once(World.referral)),
    "GET /caseload/sections": page(once(World.referral)),
    "GET /referrals/{referral_id}": page(once(World.referral)),
    "GET /referrals/{referral_id}/journey": page(once(World.journey)),  # shown: the journey
    "POST /referrals/{referral_id}/contact-attempts": page(
        World.referral, method="phone", outcome="no_answer"
    ),
    "POST /referrals/{referral_id}/accept": Call(World.referral),
    "POST /referrals/{referral_id}/decline": page(World.referral, **reason()),
    "POST /referrals/{referral_id}/withdraw": page(World.referral, **reason()),
    "POST /referrals/{referral_id}/duplicate-review": page(
        World.possible_duplicate, distinct="yes"
    ),
    "POST /referrals/{referral_id}/reassign": page(World.referral, link_worker_id=OTHER_WORKER_A),
    # A fresh one, so it is the newest: the first people listed, on the first page.
    "GET /people": page(World.referral),
    "GET /journeys/{journey_id}": page(once(World.journey)),
    "GET /journeys/{journey_id}/services": page(once(World.journey)),
    "GET /journeys/{journey_id}/outcome": page(once(World.journey)),
    "GET /journeys/{journey_id}/timeline": page(once(World.journey)),
    "POST /journeys/{journey_id}/assessments": page(World.journey, needs="loneliness"),
    "POST /journeys/{journey_id}/goals": page(World.journey, description="Cook with others"),
    "POST /journeys/{journey_id}/goals/{goal_id}/{step}": page(World.goal, note="went once"),
    "POST /journeys/{journey_id}/contacts": page(
        World.journey, mode="phone", attended="yes", **day(TODAY, "occurred_on")
    ),
    "POST /journeys/{journey_id}/appointments": page(
        World.journey, mode="phone", time="10:30", **day(TODAY + timedelta(days=3), "scheduled_for")
    ),
    "POST /journeys/{journey_id}/appointments/{appointment_id}/cancel": page(
        World.appointment, **reason()
    ),
    "POST /journeys/{journey_id}/appointments/{appointment_id}/check-in": Call(World.visit),
    "POST /journeys/{journey_id}/appointments/{appointment_id}/check-out": Call(World.checked_in),
    "POST /journeys/{journey_id}/measures/{code}": page(
        World.measured, **ONS4, **day(TODAY, "measured_on")
    ),
    "POST /journeys/{journey_id}/close": page(World.journey, reason="goals_met"),
    "POST /journeys/{journey_id}/risk-flags": page(
        World.journey,
        kind="other",
        description="Stairs unlit",
        **day(TODAY + timedelta(days=30), "review_on"),
    ),
    "POST /journeys/{journey_id}/risk-flags/{flag_id}/review": page(
        World.risk_flag, note="Still unlit", **day(TODAY + timedelta(days=30), "next_review_on")
    ),
    "POST /journeys/{journey_id}/risk-flags/{flag_id}/remove": page(World.risk_flag, **reason()),
    "POST /journeys/{journey_id}/notes": page(World.journey, category="other", text="Checking"),
    "POST /journeys/{journey_id}/notes/{note_id}/correct": page(World.note, text="Rang twice"),
    "GET /journeys/{journey_id}/find-support": page(once(World.journey)),
    "POST /journeys/{journey_id}/find-support": page(World.journey, need="loneliness"),
    "POST /journeys/{journey_id}/links": page(World.journey, service_id=SERVICE_ID),
    "GET /team": page(once(World.possible_duplicate)),
    "GET /team/sections": page(once(World.possible_duplicate)),
    "GET /team/link-workers/{link_worker_id}": page(once(World.link_worker)),
    "GET /team/link-workers/{link_worker_id}/caseload": page(once(World.link_worker)),
    "POST /team/link-workers/{link_worker_id}": page(
        World.link_worker, name="lw-a", practices=PRACTICE_A, caseload_cap="1000", active="yes"
    ),
    "GET /provider": page(once(World.link)),
    "GET /provider/inbox": page(once(World.link)),
    "GET /provider/links/{link_id}": page(once(World.link)),
    "POST /provider/links/{link_id}/accept": Call(World.link),
    "POST /provider/links/{link_id}/decline": page(World.link, **reason()),
    "POST /provider/links/{link_id}/end": page(World.accepted_link, **reason()),
    "POST /provider/links/{link_id}/attendance": page(World.accepted_link, completed="no"),
    "POST /provider/services/{service_id}/capacity": page(World.service, capacity_total="1000"),
    "GET /practice": page(once(World.referral)),
    "GET /practice/referrals": page(once(World.referral)),
    "GET /practice/referrals/{referral_id}": page(once(World.referral)),
    "POST /practice/referrals/{referral_id}/withdraw": page(World.referral, **reason()),
    "GET /notifications": page(World.notification),
    "GET /notifications/list": page(World.notification),
    "GET /notifications/badge": Call(World.notification, shows=badge),
    "POST /notifications/read-all": Call(
        World.notification, body=lambda _: {"page": "1"}, kept=World.still_unread
    ),
    "POST /notifications/{notification_id}/read": page(World.notification, page="1"),
    "GET /live": Call(World.notification, shows=relayed),
    "POST /safeguarding-concerns/{concern_id}/acknowledge": Call(
        World.concern, kept=World.still_open
    ),
}


def shown_or_sent_on(answer: httpx.Response) -> bool:
    """A page, or a change made and the browser sent on to its result (not to sign in)."""
    sent_on = answer.status_code == 303 and not answer.headers["location"].startswith("/sign-in")
    return answer.is_success or sent_on


def test_every_page_that_confines_its_callers_has_a_call() -> None:
    assert access_suite.missing_calls(CASES, CALLS) == []


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize("case", CASES, ids=str)
async def test_another_partys_person_is_refused_and_the_owner_is_served(
    case: Case, world: World
) -> None:
    await access_suite.check(case, CALLS[case.route], world, world.send, shown_or_sent_on)
