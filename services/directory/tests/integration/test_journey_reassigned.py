"""A journey reassigned, against the real broker and database: the directory's record follows it
to the new link worker and team, who may link it while the old link worker may not; its links
still open follow it (the new link worker sees them and hears the provider's answers), links
that ended stay where they were; a redelivered JourneyReassigned changes nothing more."""

from __future__ import annotations

import uuid

from linkwork_devstack.builders import publish_events
from linkwork_devstack.testing import bearer, eventually, read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.directory import ServiceLinkDeclined

from .journeys import start_journeys, story_of
from .test_journey_access import WALKS, post_link, two_services
from .test_links import GARDEN, GARDEN_ORG, provider

ALLOTMENT = build.service(
    "allotment", "Meanwood Allotment Group", "Share a plot", GARDEN_ORG, email="p@g.example"
)


async def test_a_reassigned_journey_is_linked_by_its_new_link_worker_and_its_open_links_follow(
    settings: Settings,
) -> None:
    journey = str(uuid.uuid4())
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    brian = bearer(settings, "lw-brian", "link_worker", team_id="leeds-south")
    north = bearer(settings, "mgr-north", "manager", team_id="leeds-north")
    south = bearer(settings, "mgr-south", "manager", team_id="leeds-south")
    garden_desk = provider(settings)
    app = create_app(settings)
    async with running(app) as client:
        await two_services(client, settings)
        manager = bearer(settings, "dm-1", "directory_manager")
        assert (await client.post("/services", json=ALLOTMENT, headers=manager)).status_code == 201
        await start_journeys(app, journey)
        declined = (await post_link(client, amina, journey, WALKS)).json()
        await client.post(
            f"/links/{declined['link_id']}/decline", json={"reason": "full"}, headers=garden_desk
        )
        pending = (await post_link(client, amina, journey, WALKS)).json()
        accepted = (await post_link(client, amina, journey, GARDEN)).json()
        await client.post(f"/links/{accepted['link_id']}/accept", headers=garden_desk)

        handover = story_of(journey).journey_reassigned(
            "lw-brian", "leeds-south", reassigned_by="mgr-north"
        )
        await publish_events(settings, handover, handover)  # delivered twice
        record = await eventually(
            lambda: app.state.runtime.store.journeys.get(journey),
            lambda j: j is not None and j["link_worker_id"] == "lw-brian",
        )
        by_old_worker = await post_link(client, amina, journey, ALLOTMENT)
        by_old_team = await post_link(client, north, journey, ALLOTMENT)
        by_new_worker = await post_link(client, brian, journey, ALLOTMENT)
        brians = await client.get("/links", params={"journey_id": journey}, headers=brian)
        aminas = await client.get("/links", params={"journey_id": journey}, headers=amina)
        new_team = await client.get("/links", params={"journey_id": journey}, headers=south)
        moved = await client.get(f"/links/{pending['link_id']}", headers=brian)
        attended = await client.post(
            f"/links/{accepted['link_id']}/attendance", json={"completed": False}, headers=brian
        )
        # The provider answers the moved link: the answer now names Brian.
        answered = await client.post(
            f"/links/{pending['link_id']}/decline", json={"reason": "no"}, headers=garden_desk
        )
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.DIRECTORY_EVENTS),
            until=lambda r: sum(x.headers["event_type"] == "ServiceLinkDeclined" for x in r) >= 2,
        )

    assert record is not None
    assert (record["link_worker_id"], record["team_id"]) == ("lw-brian", "leeds-south")
    for refused in (by_old_worker, by_old_team):
        assert refused.status_code == 403, refused.text
    assert by_new_worker.status_code == 201, by_new_worker.text
    assert (by_new_worker.json()["link_worker_id"], by_new_worker.json()["team_id"]) == (
        "lw-brian",
        "leeds-south",
    )
    open_ids = {pending["link_id"], accepted["link_id"], by_new_worker.json()["link_id"]}
    assert {link["link_id"] for link in brians.json()["items"]} == open_ids
    assert {link["link_id"] for link in new_team.json()["items"]} == open_ids
    # The declined link ended before the move: it stays in Amina's record of her work.
    assert [link["link_id"] for link in aminas.json()["items"]] == [declined["link_id"]]
    assert moved.json()["team_id"] == "leeds-south"
    assert [h for h in moved.json()["history"] if h["event"] == "journey_reassigned"] == [
        {
            "event": "journey_reassigned",
            "by": "mgr-north",
            "at": moved.json()["history"][-1]["at"],
            "from": "lw-amina",
            "to": "lw-brian",
        }
    ]
    assert attended.status_code == 200, attended.text
    assert answered.status_code == 200, answered.text
    answers = [
        e
        for e in map(parse_event, (r.value for r in records))
        if isinstance(e, ServiceLinkDeclined) and e.payload.link_id == pending["link_id"]
    ]
    assert [e.payload.link_worker_id for e in answers] == ["lw-brian"]


async def test_a_reassignment_of_a_journey_never_seen_to_start_makes_it_the_new_workers(
    settings: Settings,
) -> None:
    journey = str(uuid.uuid4())  # its JourneyStarted was lost, or is past the topic's retention
    brian = bearer(settings, "lw-brian", "link_worker", team_id="leeds-south")
    app = create_app(settings)
    async with running(app) as client:
        await two_services(client, settings)
        handover = story_of(journey).journey_reassigned(
            "lw-brian", "leeds-south", reassigned_by="mgr-north"
        )
        await publish_events(settings, handover)
        record = await eventually(
            lambda: app.state.runtime.store.journeys.get(journey), lambda j: j is not None
        )
        linked = await post_link(client, brian, journey, GARDEN)
    assert record is not None
    assert (record["status"], record["link_worker_id"], record["team_id"]) == (
        "open",
        "lw-brian",
        "leeds-south",
    )
    assert linked.status_code == 201, linked.text
