"""The ORUK examples import, re-import changes nothing, and every read endpoint answers in
documents that validate against the compiled ORUK schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, read_topic, running
from linkwork_directory.app import create_app
from linkwork_directory.oruk.schemas import problems
from linkwork_directory.settings import Settings
from linkwork_schemas import parse_event, topics

EXAMPLES = Path(__file__).parents[1] / "data" / "oruk" / "examples"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
SAL = "e94c9f38-1e8f-4564-91d4-d53501ab1765"
TAXONOMY = "5c4d79d7-cc55-470e-9f1f-8cad074e4892"
TERM = "3f7b145d-84af-42d7-8fae-eaca714b02b2"


def example(name: str) -> Any:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


async def import_all(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    reports = []
    for name in sorted(p.stem for p in EXAMPLES.glob("*.json")):
        response = await client.post("/import", json=example(name), headers=headers)
        assert response.status_code == 200, (name, response.text)
        reports.append(response.json())
    return reports


async def test_oruk_examples_import_once_and_validate_on_every_read_endpoint(
    settings: Settings,
) -> None:
    manager = bearer(settings, "dm-1", "directory_manager")
    async with running(create_app(settings)) as client:
        first = await import_all(client, manager)
        again = await import_all(client, manager)
        answers = {
            ("root", None): await client.get("/"),
            ("services", "service_list"): await client.get("/services"),
            ("service", "service"): await client.get(f"/services/{SERVICE}"),
            ("sals", "service_at_location_list"): await client.get("/service_at_locations"),
            ("sal", "service_at_location"): await client.get(f"/service_at_locations/{SAL}"),
            ("taxonomies", "taxonomy"): await client.get("/taxonomies"),
            ("taxonomy", "taxonomy"): await client.get(f"/taxonomies/{TAXONOMY}"),
            ("terms", "taxonomy_term"): await client.get("/taxonomy_terms"),
            ("term", "taxonomy_term"): await client.get(f"/taxonomy_terms/{TERM}"),
        }
        missing = await client.get("/services/00000000-0000-4000-8000-000000000000")
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.DIRECTORY_EVENTS),
        until=lambda r: len(r) >= 1,
        timeout=5,
    )
    listed = [parse_event(r.value) for r in records]
    assert [e.event_type for e in listed] == ["ServiceListed"]
    assert listed[0].payload.service_id == SERVICE

    assert sum(len(r["services"]["listed"]) for r in first) == 1
    assert all(not r["services"]["listed"] and not r["services"]["updated"] for r in again)
    warnings = [w for r in first for w in r["warnings"]]
    assert any("latitude 100" in w for w in warnings)  # the example's point is off the earth

    for (name, schema), response in answers.items():
        assert response.status_code == 200, (name, response.text)
        if schema is not None:
            page = name in {"services", "sals", "taxonomies", "terms"}
            assert problems(response.json(), schema, page=page) == [], name
    service = answers[("service", "service")].json()
    assert service["organization"]["name"] == "Example Organization Inc."
    assert service["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    assert service["attributes"][0]["taxonomy_term"]["id"] == TERM
    services_page = answers[("services", "service_list")].json()
    assert services_page["total_items"] == 1 and services_page["first_page"]
    assert answers[("taxonomy", "taxonomy")].json()["taxonomy_terms"]
    assert missing.status_code == 404
