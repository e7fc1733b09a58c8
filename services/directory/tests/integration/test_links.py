"""Linking a person to a service against the real broker and database: the provider's answer,
attendance, ends and expiry, with capacity right at every step, and who sees what."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.jobs import expire_unanswered
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.directory import (
    ServiceCapacityChanged,
    ServiceLinkDeclined,
    ServiceLinkEnded,
)
from linkwork_schemas.envelope import Event

from .journeys import start_journeys

GARDEN_ORG = build.organization("growers", "Chapeltown Growers", "Community gardening")
GARDEN = build.service(
    "garden",
    "Chapeltown Community Garden",
    "Grow food with neighbours",
    GARDEN_ORG,
    email="hello@growers.example.org",
)


def provider(settings: Settings, org: dict[str, Any] = GARDEN_ORG) -> dict[str, str]:
    return bearer(settings, "prov-1", "provider", organization_id=org["id"])


async def listed_with_capacity(client: httpx.AsyncClient, settings: Settings, total: int) -> str:
    manager = bearer(settings, "dm-1", "directory_manager")
    created = await client.post("/services", json=GARDEN, headers=manager)
    assert created.status_code == 201, created.text
    await client.put(
        f"/services/{GARDEN['id']}/capacity", json={"capacity_total": total}, headers=manager
    )
    return str(GARDEN["id"])


async def link(client: httpx.AsyncClient, settings: Settings, journey: str) -> dict[str, Any]:
    response = await client.post(
        "/links",
        json={
            "journey_id": journey,
            "service_id": GARDEN["id"],
            "note": "Keen to garden",
            "need_domain": "loneliness",
        },
        headers=bearer(settings, "lw-amina", "link_worker", team_id="leeds-north"),
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def available(client: httpx.AsyncClient, settings: Settings) -> int | None:
    response = await client.get(
        f"/services/{GARDEN['id']}/capacity", headers=bearer(settings, "lw-amina", "link_worker")
    )
    value: int | None = response.json()["capacity_available"]
    return value


async def events(settings: Settings, wanted: int) -> list[Event]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.DIRECTORY_EVENTS),
        until=lambda r: len(r) >= wanted,
    )
    return [parse_event(r.value) for r in records]


async def test_accepted_link_is_attended_to_completion_with_capacity_right_at_every_step(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    other = bearer(settings, "prov-2", "provider", organization_id=build.stable_id("org", "x"))
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=2)
        await start_journeys(app, "j-1")
        linked = await link(client, settings, "j-1")
        steps = {"linked": await available(client, settings)}
        hidden = await client.get(f"/links/{linked['link_id']}", headers=other)
        not_theirs = await client.post(f"/links/{linked['link_id']}/accept", headers=other)
        by_worker = await client.post(f"/links/{linked['link_id']}/accept", headers=amina)
        accepted = await client.post(
            f"/links/{linked['link_id']}/accept", headers=provider(settings)
        )
        steps["accepted"] = await available(client, settings)
        twice = await client.post(f"/links/{linked['link_id']}/accept", headers=provider(settings))
        attended = await client.post(
            f"/links/{linked['link_id']}/attendance", json={}, headers=provider(settings)
        )
        steps["attended"] = await available(client, settings)
        done = await client.post(
            f"/links/{linked['link_id']}/attendance", json={"completed": True}, headers=amina
        )
        steps["completed"] = await available(client, settings)
        seen_by_provider = await client.get("/links", headers=provider(settings))
        seen_by_other = await client.get("/links", headers=other)
        found = await events(settings, 8)
    assert linked["status"] == "pending" and linked["provider_email"] == "hello@growers.example.org"
    assert steps == {"linked": 2, "accepted": 1, "attended": 1, "completed": 2}
    assert hidden.status_code == 404 and not_theirs.status_code == 404
    assert by_worker.status_code == 403
    assert accepted.json()["status"] == "accepted"
    assert twice.status_code == 409 and "cannot accept a link that is accepted" in twice.text
    assert attended.json()["status"] == "attending"
    assert done.json()["status"] == "completed" and len(done.json()["attendances"]) == 2
    assert seen_by_provider.json()["total"] == 1 and seen_by_other.json()["total"] == 0
    of_link = [e for e in found if e.aggregate_id == linked["link_id"]]  # one key: in order
    assert [e.event_type for e in of_link] == [
        "ServiceLinked",
        "ServiceLinkAccepted",
        "ServiceLinkAttended",
        "ServiceLinkAttended",
    ]
    assert [e.payload.completed for e in of_link[2:]] == [False, True]
    changes = [e.payload for e in found if e.event_type == "ServiceCapacityChanged"]
    assert [c.capacity_available for c in changes] == [2, 1, 2]  # set, taken, given back
    linked_event = next(e for e in found if e.event_type == "ServiceLinked")
    assert linked_event.payload.organization_id == GARDEN_ORG["id"]


async def test_a_full_service_refuses_acceptance_until_an_ended_link_gives_its_place_back(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=1)
        await start_journeys(app, "j-1", "j-2", "j-3")
        first, second, third = [await link(client, settings, f"j-{n}") for n in (1, 2, 3)]
        await client.post(f"/links/{first['link_id']}/accept", headers=provider(settings))
        full = await client.post(f"/links/{second['link_id']}/accept", headers=provider(settings))
        at_full = await available(client, settings)
        ended = await client.post(
            f"/links/{first['link_id']}/end", json={"reason": "moved away"}, headers=amina
        )
        after_end = await available(client, settings)
        second_accepted = await client.post(
            f"/links/{second['link_id']}/accept", headers=provider(settings)
        )
        declined = await client.post(
            f"/links/{third['link_id']}/decline",
            json={"reason": "no Tuesday group"},
            headers=provider(settings),
        )
        again = await client.post(
            "/links", headers=amina, json={"journey_id": "j-2", "service_id": GARDEN["id"]}
        )
    assert full.status_code == 409 and "is full" in full.json()["detail"]["message"]
    assert at_full == 0
    assert ended.json()["status"] == "ended" and after_end == 1
    assert second_accepted.json()["status"] == "accepted"
    assert declined.json()["status"] == "declined"
    assert again.status_code == 409 and "already has link" in again.text  # j-2 is accepted
    found = await events(settings, 12)
    outcomes = {
        e.aggregate_id: e for e in found if isinstance(e, ServiceLinkEnded | ServiceLinkDeclined)
    }
    ended_event, declined_event = outcomes[first["link_id"]], outcomes[third["link_id"]]
    assert isinstance(ended_event, ServiceLinkEnded)  # ended after acceptance: not a decline
    assert (ended_event.payload.ended_by, ended_event.payload.reason) == (
        "link_worker",
        "moved away",
    )
    assert ended_event.payload.organization_id == GARDEN_ORG["id"]
    assert isinstance(declined_event, ServiceLinkDeclined)
    assert declined_event.payload.declined_by == "provider"


async def test_a_provider_ending_an_attended_link_early_ends_it_with_its_attendances(
    settings: Settings,
) -> None:
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=2)
        await start_journeys(app, "j-1")
        linked = await link(client, settings, "j-1")
        link_url = f"/links/{linked['link_id']}"
        await client.post(f"{link_url}/accept", headers=provider(settings))
        for day in ("2025-03-04", "2025-03-11"):
            await client.post(
                f"{link_url}/attendance", json={"attended_on": day}, headers=provider(settings)
            )
        held = await available(client, settings)
        ended = await client.post(
            f"{link_url}/end", json={"reason": "the group has closed"}, headers=provider(settings)
        )
        after = await available(client, settings)
        twice = await client.post(
            f"{link_url}/end", json={"reason": "again"}, headers=provider(settings)
        )
        found = await events(settings, 9)
    assert (held, after) == (1, 2)
    assert ended.json()["status"] == "ended"
    assert twice.status_code == 409
    of_link = [e for e in found if e.aggregate_id == linked["link_id"]]
    assert [e.event_type for e in of_link] == [
        "ServiceLinked",
        "ServiceLinkAccepted",
        "ServiceLinkAttended",
        "ServiceLinkAttended",
        "ServiceLinkEnded",
    ]
    (end,) = [e for e in of_link if isinstance(e, ServiceLinkEnded)]
    assert end.payload.ended_by == "provider"
    assert end.payload.reason == "the group has closed"
    assert (end.payload.attended_sessions, str(end.payload.last_attended_on)) == (2, "2025-03-11")
    assert end.payload.provider_email == "hello@growers.example.org"
    changes = [e.payload for e in found if isinstance(e, ServiceCapacityChanged)]
    assert [c.capacity_available for c in changes] == [2, 1, 2]  # set, taken, given back


async def test_an_unanswered_link_expires_once_however_often_the_timer_runs(
    settings: Settings,
) -> None:
    settings = settings.model_copy(update={"link_expiry_days": 1e-6})  # about 0.1 s
    app = create_app(settings)
    async with running(app) as client:
        await listed_with_capacity(client, settings, total=3)
        await start_journeys(app, "j-9")
        linked = await link(client, settings, "j-9")
        await asyncio.sleep(0.2)
        runtime = app.state.runtime
        passes = await asyncio.gather(*(expire_unanswered(runtime) for _ in range(3)))
        later = await expire_unanswered(runtime)
        answer = await client.post(f"/links/{linked['link_id']}/accept", headers=provider(settings))
        shown = await client.get(f"/links/{linked['link_id']}", headers=provider(settings))
        capacity = await available(client, settings)
        found = await events(settings, 4)
    assert sum(passes) == 1 and later == 0
    assert answer.status_code == 409
    assert shown.json()["status"] == "expired"
    assert capacity == 3
    expired = [e for e in found if e.event_type == "ServiceLinkExpired"]
    assert len(expired) == 1 and expired[0].payload.link_id == linked["link_id"]
