"""A journey's close ends its open links and gives held places back (real broker and db)."""

from __future__ import annotations

import uuid

from linkwork_devstack.builders import publish_events
from linkwork_devstack.testing import bearer, eventually, read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.directory import ServiceLinkDeclined, ServiceLinkEnded

from .journeys import start_journeys, story_of
from .test_links import GARDEN_ORG, available, link, listed_with_capacity, provider

ALLOTMENT = build.service(
    "allotment",
    "Meanwood Allotment Group",
    "Share a plot",
    GARDEN_ORG,
    email="plots@growers.example.org",
)


async def test_closing_a_journey_ends_its_links_and_gives_the_place_back(
    settings: Settings,
) -> None:
    journey, other_journey = str(uuid.uuid4()), str(uuid.uuid4())
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=3)
        await start_journeys(app, journey, other_journey)
        accepted = await link(client, settings, journey)
        manager = bearer(settings, "dm-1", "directory_manager")
        assert (await client.post("/services", json=ALLOTMENT, headers=manager)).status_code == 201
        amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
        pending = (
            await client.post(
                "/links",
                json={"journey_id": journey, "service_id": ALLOTMENT["id"]},
                headers=amina,
            )
        ).json()
        elsewhere = await link(client, settings, other_journey)
        await client.post(f"/links/{accepted['link_id']}/accept", headers=provider(settings))
        await client.post(
            f"/links/{accepted['link_id']}/attendance", json={}, headers=provider(settings)
        )
        await client.post(f"/links/{elsewhere['link_id']}/accept", headers=provider(settings))
        assert await available(client, settings) == 1
        closing = story_of(journey).journey_closed(reason="moved_away")
        await publish_events(settings, closing, closing)  # delivered twice: ended once
        ended = await eventually(
            lambda: client.get(f"/links/{pending['link_id']}", headers=amina),
            lambda r: r.json()["status"] == "ended",
        )
        places = await available(client, settings)
        untouched = await client.get(f"/links/{elsewhere['link_id']}", headers=amina)
    assert ended.json()["status"] == "ended"
    assert places == 2  # the accepted link's place is back; the other journey keeps its own
    assert untouched.json()["status"] == "accepted"
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.DIRECTORY_EVENTS),
        until=lambda r: (
            {"ServiceLinkDeclined", "ServiceLinkEnded"} <= {x.headers["event_type"] for x in r}
        ),
    )
    outcomes = [
        e
        for e in map(parse_event, (r.value for r in records))
        if isinstance(e, ServiceLinkDeclined | ServiceLinkEnded)
    ]
    # The pending link is declined; the one holding a place has ended, with its attendance.
    assert sorted((e.payload.link_id, e.event_type) for e in outcomes) == sorted(
        [(accepted["link_id"], "ServiceLinkEnded"), (pending["link_id"], "ServiceLinkDeclined")]
    )
    assert all(e.payload.reason == "journey closed: moved away" for e in outcomes)
    (end,) = [e for e in outcomes if isinstance(e, ServiceLinkEnded)]
    assert (end.payload.ended_by, end.payload.attended_sessions) == ("journey_closed", 1)
    assert all(e.causation_id == str(closing.event_id) for e in outcomes)
