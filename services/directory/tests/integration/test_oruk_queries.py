"""The ORUK query parameters on the demo directory: every answer is an ORUK page that
validates against the compiled schemas, and filters as the ORUK profile describes."""

from __future__ import annotations

from typing import Any

import httpx

from linkwork_devstack.testing import eventually, read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.dev.demo import seed_demo_directory
from linkwork_directory.domain import needs
from linkwork_directory.oruk.schemas import problems
from linkwork_directory.settings import Settings
from linkwork_schemas import topics
from linkwork_schemas.common import NeedDomain

DEMO_SERVICES = 36


async def oruk_page(
    client: httpx.AsyncClient, path: str, schema: Any, **params: Any
) -> dict[str, Any]:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert problems(body, schema, page=True) == [], (path, params)
    return body


def service_names(page: dict[str, Any]) -> set[str]:
    return {s["name"] for s in page["contents"]}


async def test_oruk_parameters_filter_the_demo_directory_and_pages_validate(
    settings: Settings,
) -> None:
    app = create_app(settings)
    async with running(app) as client:
        # The demo directory as `make up` loads it, here and now rather than by the start-up
        # worker, so the test does not race the import (36 transactions on a busy machine).
        await seed_demo_directory(app.state.runtime)

        async def services(**params: Any) -> dict[str, Any]:
            return await oruk_page(client, "/services", "service_list", **params)

        first = await services(per_page=10)
        last = await services(per_page=10, page=4)
        beyond = await services(per_page=10, page=9)
        money = await services(taxonomy_term_id=needs.term_id(NeedDomain.MONEY_AND_DEBT))
        walking = await services(
            taxonomy_term_id=needs.term_id(NeedDomain.PHYSICAL_ACTIVITY, "Walking groups")
        )
        every = await services(taxonomy_id=needs.TAXONOMY_ID, per_page=100)
        older = await services(minimum_age=60)
        young = await services(maximum_age=17)
        saturday = await services(day="SA")
        evening = await services(start_time="17:00")
        early_close = await services(end_time="12:00", day="WE")
        words = await services(search="Community GARDEN")
        near = await oruk_page(
            client,
            "/service_at_locations",
            "service_at_location_list",
            postcode="LS6 1QP",
            proximity=1200,
        )
        by_need_near = await oruk_page(
            client,
            "/service_at_locations",
            "service_at_location_list",
            postcode="LS7 4HZ",
            taxonomy_term_id=needs.term_id(NeedDomain.LONELINESS),
        )
        bad_day = await client.get("/services", params={"day": "someday"})
        bad_time = await client.get("/services", params={"start_time": "25:99"})
        terms = await oruk_page(
            client, "/taxonomy_terms", "taxonomy_term", taxonomy_id=needs.TAXONOMY_ID, per_page=100
        )
    assert (first["total_items"], first["total_pages"], first["size"]) == (36, 4, 10)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    assert last["last_page"] and last["size"] == 6
    assert beyond["empty"] and beyond["contents"] == []
    assert service_names(money) >= {"Debt Advice Service", "Seacroft Food Share"}
    assert service_names(walking) == {"Roundhay Park Health Walk", "Kirkstall Abbey Health Walk"}
    assert every["total_items"] == DEMO_SERVICES
    assert all(s["minimum_age"] >= 60 for s in older["contents"]) and older["total_items"] >= 3
    assert service_names(young) == {"Young Carers Club"}
    assert service_names(saturday) == {"Kirkstall Community Garden", "Shared Allotment Plots"}
    assert "Anxiety Peer Support Group" in service_names(evening)
    assert "Burley Lunch Club" not in service_names(evening)
    assert "Hyde Park Chat Café" in service_names(early_close)
    assert service_names(words) == {"Kirkstall Community Garden"}
    assert near["total_items"] >= 2
    assert {s["service"]["name"] for s in near["contents"]} >= {"Burley Lunch Club"}
    assert "Seacroft Food Share" not in {s["service"]["name"] for s in near["contents"]}
    assert by_need_near["contents"][0]["service"]["name"] == "Chapeltown Friday Social"
    assert bad_day.status_code == 422 and bad_day.json()["detail"]["where"] == "day"
    assert bad_time.status_code == 422 and "time of day" in bad_time.text
    assert terms["total_items"] == sum(1 + len(c) for _, c in needs.NEEDS.values())


async def test_the_demo_directory_is_seeded_once_across_restarts(settings: Settings) -> None:
    settings = settings.model_copy(update={"demo_directory": True})
    for _ in range(2):
        async with running(create_app(settings)) as client:
            count = await eventually(
                lambda: client.get("/services?per_page=1"),
                lambda r: r.json()["total_items"] == DEMO_SERVICES,
            )
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.DIRECTORY_EVENTS),
        until=lambda r: len(r) > DEMO_SERVICES,
        timeout=3,
    )
    assert count.json()["total_items"] == DEMO_SERVICES
    assert sum(b'"ServiceListed"' in r.value for r in records) == DEMO_SERVICES
