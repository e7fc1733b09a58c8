"""A link worker searches the demo Leeds directory (seeded at start when empty) by need,
words, age, day and time and distance; sees capacity and how providers answer; and records
what no service meets. Commissioners read the unmet needs by need and area."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.dev.demo import seed_demo_directory
from linkwork_directory.dev.demo_directory import capacities
from linkwork_directory.oruk import build
from linkwork_directory.settings import Settings
from linkwork_schemas import parse_event, topics

from .journeys import start_journeys

DEMO_SERVICES = 36
DEBT = build.stable_id("service", "debt")
BENEFITS = build.stable_id("service", "benefits")
ADVICE_ORG = build.stable_id("org", "advice")


async def seeded(app: FastAPI, client: httpx.AsyncClient) -> None:
    """The demo directory as `make up` loads it, loaded now (not raced with the start-up
    worker, whose 36 import transactions can take long on a busy machine)."""
    await seed_demo_directory(app.state.runtime)
    found = await client.get("/services?per_page=1")
    assert found.json()["total_items"] == DEMO_SERVICES


async def search(
    client: httpx.AsyncClient, headers: dict[str, str], **params: Any
) -> dict[str, Any]:
    response = await client.get("/search", params=params, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def names(answer: dict[str, Any]) -> list[str]:
    return [item["service"]["name"] for item in answer["contents"]]


async def answer_links(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings, worker: dict[str, str]
) -> None:
    """Two links to the advice charity: one accepted, one declined."""
    await start_journeys(app, "j-1", "j-2")
    advice = bearer(settings, "prov-advice", "provider", organization_id=ADVICE_ORG)
    for journey, service, step in (("j-1", DEBT, "accept"), ("j-2", BENEFITS, "decline")):
        linked = await client.post(
            "/links", headers=worker, json={"journey_id": journey, "service_id": service}
        )
        assert linked.status_code == 201, linked.text
        body = {"reason": "not this week"} if step == "decline" else None
        await client.post(f"/links/{linked.json()['link_id']}/{step}", headers=advice, json=body)


async def test_link_worker_finds_services_near_a_postcode_by_need_age_and_time(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    app = create_app(settings)
    async with running(app) as client:
        await seeded(app, client)
        await answer_links(app, client, settings, amina)
        money = await search(client, amina, need="money_and_debt", postcode="LS6 1QP", per_page=20)
        near = await search(client, amina, need="money_and_debt", postcode="LS6 1QP", within_m=2500)
        district = await search(client, amina, need="physical_activity", postcode="LS6")
        allotment = await search(client, amina, text="allotment")
        without_full = await search(client, amina, text="allotment", include_full="false")
        older = await search(client, amina, need="physical_activity", age=70)
        younger = await search(client, amina, need="physical_activity", age=30)
        tuesday = await search(client, amina, day="tuesday", time="10:30")
        unknown = await client.get("/search", params={"postcode": "ZZ9 9ZZ"}, headers=amina)
        forbidden = await client.get("/search", headers=bearer(settings, "p", "provider"))
    found = {i["service"]["name"]: i for i in money["contents"]}
    assert set(found) >= {
        "Debt Advice Service",
        "Benefits Check and Claims Help",
        "Seacroft Food Share",
        "Fuel Voucher Scheme",
    }
    located = [i["distance_m"] for i in money["contents"] if i["distance_m"] is not None]
    assert located == sorted(located) and money["centre"]["precision"] == "postcode"
    assert found["Fuel Voucher Scheme"]["distance_m"] is None  # by phone: shown after
    debt = found["Debt Advice Service"]
    assert debt["capacity"] == {
        "capacity_total": 20,
        "capacity_available": 19,
        "places_in_use": 1,
        "full": False,
    }
    assert debt["provider"]["acceptance_rate"] == 0.5
    assert debt["provider"]["links_considered"] == 2
    assert debt["provider"]["median_reply_hours"] is not None
    assert debt["nearest_location"]["postcode"] == "LS2 7JL"
    assert all(i["distance_m"] is None or i["distance_m"] <= 2500 for i in near["contents"])
    assert "Seacroft Food Share" not in names(near)  # LS14 is farther than 2.5 km
    assert district["centre"]["precision"] == "district" and district["contents"]
    assert allotment["contents"][0]["capacity"]["full"] is True
    assert names(without_full) == []
    assert "Strength and Balance (falls prevention)" in names(older)
    assert "Strength and Balance (falls prevention)" not in names(younger)
    assert "Seated Exercise Class" not in names(younger)
    assert "Arts for Wellbeing" in names(tuesday)  # TU 10:00-12:30
    assert "Burley Lunch Club" not in names(tuesday)  # TU from 12:00
    assert unknown.status_code == 422 and unknown.json()["detail"]["where"] == "postcode"
    assert forbidden.status_code == 403


async def test_an_empty_search_confirmed_becomes_an_unmet_need_reported_by_need_and_area(
    settings: Settings,
) -> None:
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    commissioner = bearer(settings, "dm-1", "directory_manager")
    app = create_app(settings)
    async with running(app) as client:
        await seeded(app, client)
        empty = await search(client, amina, need="housing", text="boat", postcode="LS6 1QP", age=34)
        confirmed = await client.post(
            "/unmet-needs", headers=amina, json={"from_search": empty["unmet_need"]["from_search"]}
        )
        explicit = await client.post(
            "/unmet-needs",
            headers=amina,
            json={"need_domain": "housing", "postcode": "LS6 2AB", "age": 71},
        )
        elsewhere = await client.post(
            "/unmet-needs", headers=amina, json={"need_domain": "caring", "area": "LS14"}
        )
        not_empty = await client.post(
            "/unmet-needs", headers=amina, json={"from_search": {"need": "money_and_debt"}}
        )
        no_need = await client.post("/unmet-needs", headers=amina, json={"area": "LS6"})
        typo = await client.post(
            "/unmet-needs", headers=amina, json={"from_search": {"neeed": "housing"}}
        )
        report = await client.get("/reports/unmet-needs", headers=commissioner)
        housing_only = await client.get(
            "/reports/unmet-needs?need_domain=housing&area=LS6", headers=commissioner
        )
        by_worker = await client.get("/reports/unmet-needs", headers=amina)
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.DIRECTORY_EVENTS),
        until=lambda r: sum(b"UnmetNeedRecorded" in x.value for x in r) >= 3,
    )
    assert empty["contents"] == []
    assert confirmed.status_code == 201, confirmed.text
    assert confirmed.json()["area"] == "LS6" and confirmed.json()["age_band"] == "25-34"
    assert explicit.json()["age_band"] == "65+"
    assert elsewhere.status_code == 201
    assert not_empty.status_code == 409 and "finds" in not_empty.text
    assert no_need.status_code == 422 and no_need.json()["detail"]["where"] == "need_domain"
    assert typo.status_code == 422 and "neeed" in typo.text
    body = report.json()
    assert body["total"] == 3
    assert body["by_need"][0] == {"need_domain": "housing", "count": 2}
    assert {"area": "LS6", "count": 2} in body["by_area"]
    assert body["by_need_and_area"][0] == {
        "need_domain": "housing",
        "area": "LS6",
        "count": 2,
        "age_bands": {"25-34": 1, "65+": 1},
    }
    assert housing_only.json()["total"] == 2
    assert by_worker.status_code == 403
    unmet = [parse_event(r.value) for r in records if b"UnmetNeedRecorded" in r.value]
    payload = unmet[0].payload.model_dump()
    assert set(payload) == {
        "need_domain",
        "area",
        "age_band",
        "taxonomy_term_id",
        "search_text",
    }  # nothing that identifies the person


def test_demo_capacities_cover_most_services_and_one_is_full() -> None:
    places = capacities()
    assert len(places) >= 25 and 0 in places.values()
