"""Who may link which journey, against the real broker and database: the directory learns
journeys from journey.events and lets only the journey's link worker and their team's manager
link an open one; an unknown journey is a 422 naming journey_id, a closed one a 409, and a
link racing the close is refused or ended, never left open."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx

from linkwork_devstack.builders import publish_events
from linkwork_devstack.testing import bearer, read_all, running
from linkwork_directory.actions.links import LinkRequest, link_person
from linkwork_directory.app import create_app
from linkwork_directory.handlers import on_journey_closed
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings
from linkwork_runtime.auth import Principal
from linkwork_schemas import topics

from .journeys import known_journey, start_journeys, story_of
from .test_links import GARDEN, GARDEN_ORG, listed_with_capacity

WALKS = build.service(
    "walks", "Meanwood Walking Group", "Gentle walks, all paces", GARDEN_ORG, email="w@g.example"
)


async def post_link(
    client: httpx.AsyncClient, headers: dict[str, str], journey: str, service: dict[str, Any]
) -> httpx.Response:
    return await client.post(
        "/links", json={"journey_id": journey, "service_id": service["id"]}, headers=headers
    )


async def two_services(client: httpx.AsyncClient, settings: Settings) -> None:
    await listed_with_capacity(client, settings, total=5)
    manager = bearer(settings, "dm-1", "directory_manager")
    assert (await client.post("/services", json=WALKS, headers=manager)).status_code == 201


async def test_a_journey_is_linked_only_once_the_directory_has_heard_it_started(
    settings: Settings,
) -> None:
    journey = str(uuid.uuid4())
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=5)
        unknown = await post_link(client, amina, journey, GARDEN)
        await start_journeys(app, journey)
        linked = await post_link(client, amina, journey, GARDEN)
    assert unknown.status_code == 422
    refusal = unknown.json()["detail"]
    assert refusal["error"] == "unprocessable" and refusal["where"] == "journey_id"
    assert f"no journey {journey!r} is known to the directory yet" in refusal["message"]
    assert linked.status_code == 201, linked.text
    assert linked.json()["journey_id"] == journey and linked.json()["status"] == "pending"


async def test_only_the_journeys_link_worker_and_their_teams_manager_may_link_it(
    settings: Settings,
) -> None:
    journey = str(uuid.uuid4())
    amina = bearer(settings, "lw-amina", "link_worker")  # no team claim: the journey's is used
    brian = bearer(settings, "lw-brian", "link_worker", team_id="leeds-north")
    north = bearer(settings, "mgr-north", "manager", team_id="leeds-north")
    south = bearer(settings, "mgr-south", "manager", team_id="leeds-south")
    garden_desk = bearer(settings, "prov-1", "provider", organization_id=GARDEN_ORG["id"])
    app = create_app(settings)
    async with running(app) as client:
        await two_services(client, settings)
        await start_journeys(app, journey, link_worker_id="lw-amina", team_id="leeds-north")
        by_colleague = await post_link(client, brian, journey, GARDEN)
        by_other_team = await post_link(client, south, journey, GARDEN)
        by_provider = await post_link(client, garden_desk, journey, GARDEN)
        by_worker = await post_link(client, amina, journey, GARDEN)
        by_manager = await post_link(client, north, journey, WALKS)
        team_sees = await client.get("/links", params={"journey_id": journey}, headers=north)
    for refused in (by_colleague, by_other_team):
        assert refused.status_code == 403, refused.text
        assert refused.json()["detail"]["error"] == "forbidden"
        assert "only its link worker and their team's manager" in refused.text
    assert by_provider.status_code == 403  # providers never link, as before
    assert by_worker.status_code == 201, by_worker.text
    assert by_manager.status_code == 201, by_manager.text
    assert by_worker.json()["team_id"] == by_manager.json()["team_id"] == "leeds-north"
    # The manager's link is the journey's link worker's to follow: they hear the answer.
    assert by_manager.json()["link_worker_id"] == "lw-amina"
    assert by_manager.json()["history"][0]["by"] == "mgr-north"
    assert team_sees.json()["total"] == 2


async def test_a_closed_journey_takes_no_new_links(settings: Settings) -> None:
    journey = str(uuid.uuid4())
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    north = bearer(settings, "mgr-north", "manager", team_id="leeds-north")
    app = create_app(settings)
    async with running(app) as client:
        await two_services(client, settings)
        await start_journeys(app, journey)
        while_open = await post_link(client, amina, journey, GARDEN)
        await publish_events(settings, story_of(journey).journey_closed(reason="moved_away"))
        record = await known_journey(app, journey, status="closed")
        after_close = await post_link(client, amina, journey, WALKS)
        by_manager = await post_link(client, north, journey, WALKS)
    assert while_open.status_code == 201, while_open.text
    assert record is not None and record["status"] == "closed"
    for refused in (after_close, by_manager):
        assert refused.status_code == 409, refused.text
        assert refused.json()["detail"] == {
            "error": "conflict",
            "message": f"journey {journey} is closed: no new links can be made to it",
        }


async def test_a_journey_started_delivered_twice_is_kept_once_and_without_the_person(
    settings: Settings,
) -> None:
    journey = str(uuid.uuid4())
    story = story_of(journey)
    start = story.journey_started()
    app = create_app(settings)
    async with running(app):
        # Same partition (keyed by journey): once the close shows, both deliveries were handled.
        await publish_events(settings, start, start, story.journey_closed(reason="moved_away"))
        record = await known_journey(app, journey, status="closed")
        rows = await app.state.runtime.store.journeys.find({"journey_id": journey})
    dead = await read_all(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.dead_letter_topic(topics.JOURNEY_EVENTS)),
    )
    assert record is not None and len(rows) == 1
    assert dead == []  # the second delivery was skipped, not refused
    assert set(rows[0]) == {
        "_id",
        "journey_id",
        "referral_id",
        "link_worker_id",
        "team_id",
        "status",
        "started_at",
        "closed_at",
    }
    assert rows[0]["link_worker_id"] == "lw-amina" and rows[0]["team_id"] == "leeds-north"


async def test_a_link_racing_the_journeys_close_is_refused_or_ended_never_left_open(
    settings: Settings,
) -> None:
    amina = Principal(sub="lw-amina", roles=frozenset({"link_worker"}), team_id="leeds-north")
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=50)
        journeys = [str(uuid.uuid4()) for _ in range(10)]
        await start_journeys(app, *journeys)
        uow = app.state.runtime.uow
        left_open = []
        for journey in journeys:
            request = LinkRequest(journey_id=journey, service_id=GARDEN["id"])
            closing = story_of(journey).journey_closed(reason="moved_away")
            await asyncio.gather(  # the link's and the close's transactions overlap
                uow.run(lambda tx, r=request: link_person(tx, r, amina, settings)),
                uow.run(lambda tx, c=closing: on_journey_closed(c, tx)),
                return_exceptions=True,
            )
            left_open += await app.state.runtime.store.links.open_for_journey(journey)
    assert left_open == []
