"""Re-imports and directory managers' changes: what changed becomes ServiceUpdated naming the
fields, services gone from a complete feed are reported and kept, managers list, edit,
withdraw and set capacity, and bad input is refused saying where."""

from __future__ import annotations

from typing import Any

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.oruk import build
from linkwork_directory.oruk.schemas import problems
from linkwork_directory.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.envelope import Event

from .journeys import start_journeys

ORG = build.organization("council", "Leeds Council Wellbeing", "Council-run groups")
HALL = build.location("hall", "Civic Hall", "Calverley Street", "LS1 1UR", 53.8018, -1.5486)
WALK = build.service(
    "walk",
    "Park Walk",
    "A weekly walk",
    ORG,
    locations=[HALL],
    schedules=[build.weekly("walk", "MO", "10:00", "11:00")],
)
CHOIR = build.service("choir", "Community Choir", "Sing together", ORG)


def feed(*services: dict[str, Any]) -> dict[str, Any]:
    nested = [{k: v for k, v in s.items() if k != "organization"} for s in services]
    return {**ORG, "services": nested}


async def events(settings: Settings, wanted: int) -> list[Event]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.DIRECTORY_EVENTS),
        until=lambda r: len(r) >= wanted,
        timeout=10,
    )
    return [parse_event(r.value) for r in records]


async def test_reimport_names_changed_fields_and_reports_disappeared_services_without_deleting(
    settings: Settings,
) -> None:
    manager = bearer(settings, "dm-1", "directory_manager")

    async def post(body: Any, **params: Any) -> httpx.Response:
        return await client.post("/import", json=body, params=params, headers=manager)

    changed_walk = {
        **WALK,
        "description": "A weekly walk round the lake",
        "schedules": [build.weekly("walk", "TU", "10:00", "11:00")],
    }
    complete = {"source": "leeds-council", "complete": "true"}
    async with running(create_app(settings)) as client:
        first = (await post(feed(WALK, CHOIR), **complete)).json()
        second = (await post(feed(changed_walk), **complete)).json()
        third = (await post(feed(changed_walk), **complete)).json()
        one_to_one = {k: v for k, v in changed_walk.items() if not isinstance(v, list | dict)}
        listed_form = (await post({"contents": [{**one_to_one, "organization": ORG}]})).json()
        choir = await client.get(f"/services/{CHOIR['id']}")
        walk = await client.get(f"/services/{WALK['id']}")
        runs = await client.get("/imports", headers=manager)
        bad_id = await post({**CHOIR, "id": "choir-1"})
        unknown = await post({"id": CHOIR["id"], "name": "what am I"})
        orphan = await post({k: v for k, v in CHOIR.items() if k != "organization"})
        no_source = await post(feed(WALK), complete="true")
        by_worker = await client.post(
            "/import", json=feed(WALK), headers=bearer(settings, "lw", "link_worker")
        )
        found = await events(settings, 3)
    assert sorted(first["services"]["listed"]) == sorted([WALK["id"], CHOIR["id"]])
    assert second["services"]["updated"] == [
        {"id": WALK["id"], "changed_fields": ["description", "schedules"]}
    ]
    assert second["disappeared"][0]["id"] == CHOIR["id"]
    assert third["services"]["unchanged"] == [WALK["id"]] and third["disappeared"]
    assert listed_form["services"]["unchanged"] == [WALK["id"]]  # schedules kept
    assert choir.status_code == 200 and choir.json()["name"] == "Community Choir"
    assert walk.json()["schedules"][0]["byday"] == "TU"
    assert problems(walk.json(), "service") == []
    assert runs.json()["total"] == 4
    assert bad_id.status_code == 422
    assert bad_id.json()["detail"]["where"] == "$.id" and "UUID" in bad_id.text
    assert unknown.status_code == 422 and "?kind=" in unknown.text
    assert orphan.json()["detail"]["where"] == "$.organization_id"
    assert no_source.status_code == 422 and by_worker.status_code == 403
    assert [e.event_type for e in found].count("ServiceListed") == 2
    (update,) = [e for e in found if e.event_type == "ServiceUpdated"]
    assert update.payload.changed_fields == ["description", "schedules"]


async def test_directory_manager_lists_edits_withdraws_and_sets_capacity(
    settings: Settings,
) -> None:
    manager = bearer(settings, "dm-1", "directory_manager")
    amina = bearer(settings, "lw-amina", "link_worker")
    typed = {
        "name": "Knit and Natter",
        "status": "active",
        "description": "Knitting group",
        "organization": {"name": "Woodhouse Crafters", "description": "Craft groups"},
        "schedules": [{"byday": "WE", "opens_at": "14:00", "closes_at": "16:00"}],
    }
    app = create_app(settings)
    async with running(app) as client:
        await start_journeys(app, "j-1")
        created = await client.post("/services", json=typed, headers=manager)
        service_id = created.json()["id"]
        org_id = created.json()["organization"]["id"]
        refused = await client.post("/services", json=typed, headers=amina)
        anonymous = await client.post("/services", json=typed)
        renamed = await client.put(
            f"/services/{service_id}",
            headers=manager,
            json={**created.json(), "name": "Knit, Natter and Tea"},
        )
        stranger = await client.put(
            f"/services/{service_id}/capacity",
            json={"capacity_total": 1},
            headers=bearer(settings, "p", "provider", organization_id=ORG["id"]),
        )
        own = await client.put(
            f"/services/{service_id}/capacity",
            json={"capacity_total": 4},
            headers=bearer(settings, "p", "provider", organization_id=org_id),
        )
        withdrawn = await client.post(
            f"/services/{service_id}/withdraw",
            headers=manager,
            json={"reason": "the group has closed"},
        )
        twice = await client.post(
            f"/services/{service_id}/withdraw", headers=manager, json={"reason": "again"}
        )
        link = await client.post(
            "/links", headers=amina, json={"journey_id": "j-1", "service_id": service_id}
        )
        searched = await client.get("/search", params={"text": "knit"}, headers=amina)
        reimported = await client.post("/import", json=created.json(), headers=manager)
        found = await events(settings, 4)
    assert created.status_code == 201 and problems(created.json(), "service") == []
    assert created.json()["schedules"][0]["opens_at"] == "14:00:00"
    assert refused.status_code == 403 and anonymous.status_code == 401
    assert renamed.json()["name"] == "Knit, Natter and Tea"
    assert stranger.status_code == 403 and own.json()["capacity_available"] == 4
    assert withdrawn.json()["status"] == "inactive" and twice.status_code == 409
    assert link.status_code == 409 and "withdrawn" in link.text
    assert searched.json()["contents"] == []
    assert reimported.json()["services"]["kept_withdrawn"] == [service_id]
    of_service = [e.event_type for e in found if e.aggregate_id == service_id]
    assert of_service == [
        "ServiceListed",
        "ServiceUpdated",
        "ServiceCapacityChanged",
        "ServiceWithdrawn",
    ]
