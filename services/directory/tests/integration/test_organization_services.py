"""A provider lists its own organization's services with their places (directory managers any
organization's), against the real broker and database: names, ORUK status, capacity taken
and free, withdrawn ones marked, a page at a time; another organization's provider learns
nothing."""

from __future__ import annotations

from typing import Any

import httpx

from linkwork_devstack.testing import bearer, running
from linkwork_directory.app import create_app
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings

from .journeys import start_journeys
from .test_links import GARDEN, GARDEN_ORG, link, listed_with_capacity, provider

TOOLS = build.service("tools", "Tool Library", "Borrow garden tools", GARDEN_ORG)
SEEDS = build.service("seeds", "Seed Swap", "Swap seeds each spring", GARDEN_ORG)
COUNCIL = build.organization("council", "Leeds Council Wellbeing", "Council-run groups")
CHOIR = build.service("choir", "Community Choir", "Sing together", COUNCIL)


async def growers_directory(client: httpx.AsyncClient, settings: Settings) -> None:
    """The growers run three services (the garden with 2 places, the tool library with none
    left, the seed swap withdrawn); the council runs the choir."""
    manager = bearer(settings, "dm-1", "directory_manager")
    await listed_with_capacity(client, settings, total=2)
    for service in (TOOLS, SEEDS, CHOIR):
        created = await client.post("/services", json=service, headers=manager)
        assert created.status_code == 201, created.text
    await client.put(
        f"/services/{TOOLS['id']}/capacity", json={"capacity_total": 0}, headers=manager
    )
    await client.post(
        f"/services/{SEEDS['id']}/withdraw", json={"reason": "no volunteers"}, headers=manager
    )


def services_of(organization: dict[str, Any]) -> str:
    return f"/organizations/{organization['id']}/services"


async def test_a_provider_lists_its_services_with_their_places(settings: Settings) -> None:
    app = create_app(settings)
    async with running(app) as client:
        await growers_directory(client, settings)
        await start_journeys(app, "j-1")
        taken = await link(client, settings, "j-1")
        await client.post(f"/links/{taken['link_id']}/accept", headers=provider(settings))
        page = (await client.get(services_of(GARDEN_ORG), headers=provider(settings))).json()
        first = await client.get(
            services_of(GARDEN_ORG), params={"per_page": 2}, headers=provider(settings)
        )
        second = await client.get(
            services_of(GARDEN_ORG), params={"per_page": 2, "page": 2}, headers=provider(settings)
        )
        most = await client.get(
            services_of(GARDEN_ORG), params={"per_page": 500}, headers=provider(settings)
        )
        too_many = await client.get(
            services_of(GARDEN_ORG), params={"per_page": 501}, headers=provider(settings)
        )

    assert (page["total"], page["page"], page["per_page"]) == (3, 1, 50)
    assert page["organization_id"] == GARDEN_ORG["id"]
    assert page["organization_name"] == "Chapeltown Growers"
    garden, seeds, tools = page["items"]  # by name
    assert garden == {
        "service_id": GARDEN["id"],
        "name": "Chapeltown Community Garden",
        "status": "active",
        "capacity_total": 2,
        "capacity_available": 1,
        "places_in_use": 1,
        "full": False,
        "withdrawn": False,
        "withdrawn_at": None,
    }
    assert (tools["name"], tools["capacity_total"], tools["full"]) == ("Tool Library", 0, True)
    assert (seeds["name"], seeds["status"], seeds["withdrawn"]) == ("Seed Swap", "inactive", True)
    assert seeds["withdrawn_at"] is not None
    assert (seeds["capacity_total"], seeds["full"]) == (None, False)  # places not counted
    assert CHOIR["id"] not in [item["service_id"] for item in page["items"]]
    assert [i["name"] for i in first.json()["items"] + second.json()["items"]] == [
        "Chapeltown Community Garden",
        "Seed Swap",
        "Tool Library",
    ]
    assert most.status_code == 200 and too_many.status_code == 422


async def test_only_the_organizations_provider_and_directory_managers_list_its_services(
    settings: Settings,
) -> None:
    async with running(create_app(settings)) as client:
        await growers_directory(client, settings)
        by_manager = await client.get(
            services_of(COUNCIL), headers=bearer(settings, "dm-1", "directory_manager")
        )
        by_other_provider = await client.get(
            services_of(GARDEN_ORG), headers=provider(settings, COUNCIL)
        )
        unknown = await client.get(
            f"/organizations/{build.stable_id('org', 'nobody')}/services",
            headers=bearer(settings, "dm-1", "directory_manager"),
        )
        by_worker = await client.get(
            services_of(GARDEN_ORG), headers=bearer(settings, "lw-amina", "link_worker")
        )
        anonymous = await client.get(services_of(GARDEN_ORG))
        oruk = (await client.get("/services")).json()  # the ORUK feed is as it was

    assert [i["name"] for i in by_manager.json()["items"]] == ["Community Choir"]
    assert by_other_provider.status_code == 404
    assert by_other_provider.json()["detail"] == {
        "error": "not_found",
        "message": f"no organization {GARDEN_ORG['id']!r}",
    }
    assert unknown.status_code == 404
    assert by_worker.status_code == 403
    assert anonymous.status_code == 401
    assert "contents" in oruk and "items" not in oruk
