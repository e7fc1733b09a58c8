"""The demo directory: three dozen local services around Leeds across the need domains, as
ORUK organizations with their services (fictional providers, real-shaped data), read from
the CSV tables in `data/` (organizations, places, services), and the sample of Leeds
postcode centroids that lets searches near a postcode work."""

from __future__ import annotations

import csv
from importlib import resources
from typing import Any

from linkwork_directory.domain import needs
from linkwork_directory.oruk import build
from linkwork_schemas.common import NeedDomain

POSTCODE_SAMPLE = "postcodes_leeds_sample.csv"


def _data(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text()


def _table(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_data(f"demo_{name}.csv").splitlines()))


def sample_postcodes() -> list[str]:
    """Approximate postcode centroids around Leeds (LS1-LS29), as lines of an ONSPD file."""
    return _data(POSTCODE_SAMPLE).splitlines()


def _place(row: dict[str, str]) -> dict[str, Any]:
    return build.location(
        row["key"],
        row["name"],
        row["address_1"],
        row["postcode"],
        float(row["latitude"]),
        float(row["longitude"]),
    )


def _service(row: dict[str, str], places: dict[str, dict[str, Any]]) -> dict[str, Any]:
    term = needs.term_id(NeedDomain(row["need"]), row["support"])
    ages = {k: int(row[k]) for k in ("minimum_age", "maximum_age") if row[k]}
    service = build.service(
        row["key"],
        row["name"],
        row["description"],
        {},
        terms=[term],
        locations=[places[row["place"]]] if row["place"] else [],
        schedules=[build.weekly(row["key"], row["byday"], row["opens_at"], row["closes_at"])],
        **ages,
    )
    del service["organization"]  # nested in its organization instead
    return service


def organizations() -> list[dict[str, Any]]:
    """The demo directory as ORUK organizations, each with its services."""
    places = {row["key"]: _place(row) for row in _table("places")}
    services: dict[str, list[dict[str, Any]]] = {}
    for row in _table("services"):
        services.setdefault(row["organization"], []).append(_service(row, places))
    return [
        {
            **build.organization(row["key"], row["name"], row["description"], email=row["email"]),
            "services": services.get(row["key"], []),
        }
        for row in _table("organizations")
    ]


def capacities() -> dict[str, int]:
    """Places for new people, by service id (services left out do not count places)."""
    return {
        build.stable_id("service", row["key"]): int(row["capacity"])
        for row in _table("services")
        if row["capacity"]
    }
