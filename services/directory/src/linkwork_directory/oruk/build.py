"""Small builders of ORUK documents with stable ids (UUID5 of a key), for the demo
directory and for tests: the same key always makes the same object."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

NAMESPACE = uuid.UUID("0c7b5d0e-58a3-4c52-8f0a-7f2f4d9b1e11")


def stable_id(*key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(key)))


def organization(key: str, name: str, description: str, **fields: Any) -> dict[str, Any]:
    return {"id": stable_id("org", key), "name": name, "description": description, **fields}


def location(
    key: str,
    name: str,
    address_1: str,
    postcode: str,
    latitude: float,
    longitude: float,
    city: str = "Leeds",
) -> dict[str, Any]:
    return {
        "id": stable_id("location", key),
        "location_type": "physical",
        "name": name,
        "latitude": latitude,
        "longitude": longitude,
        "addresses": [
            {
                "id": stable_id("address", key),
                "address_1": address_1,
                "city": city,
                "state_province": "West Yorkshire",
                "postal_code": postcode,
                "country": "GB",
                "address_type": "physical",
            }
        ],
    }


def weekly(key: str, byday: str, opens_at: str, closes_at: str, note: str = "") -> dict[str, Any]:
    schedule = {
        "id": stable_id("schedule", key, byday, opens_at),
        "freq": "WEEKLY",
        "interval": 1,
        "byday": byday,
        "opens_at": opens_at,
        "closes_at": closes_at,
    }
    return {**schedule, "description": note} if note else schedule


def service(
    key: str,
    name: str,
    description: str,
    organization_doc: dict[str, Any],
    *,
    terms: Sequence[str] = (),
    locations: Sequence[dict[str, Any]] = (),
    schedules: Sequence[dict[str, Any]] = (),
    **fields: Any,
) -> dict[str, Any]:
    """A fully nested ORUK service; `terms` are taxonomy term ids it is classified under."""
    service_id = stable_id("service", key)
    return {
        "id": service_id,
        "name": name,
        "description": description,
        "status": "active",
        "organization": organization_doc,
        "attributes": [
            {
                "id": stable_id("attribute", key, term),
                "taxonomy_term_id": term,
                "link_type": "service_type",
            }
            for term in terms
        ],
        "service_at_locations": [
            {"id": stable_id("sal", key, place["id"]), "location": place} for place in locations
        ],
        "schedules": list(schedules),
        **fields,
    }
