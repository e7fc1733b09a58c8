"""Stored records rendered as ORUK 3.0 documents: fully nested (`/services/{id}`,
`/service_at_locations/{id}`) or one-to-one fields only (list pages)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]


def _scalars(oruk: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in oruk.items() if not isinstance(v, list | dict)}


def term(record: Record) -> dict[str, Any]:
    oruk = dict(record["oruk"])
    oruk["name"] = oruk.get("name") or oruk.get("term")
    oruk.setdefault("description", "")
    oruk.setdefault("taxonomy", oruk.get("taxonomy_id") or "")
    return oruk


def taxonomy(record: Record, terms: Sequence[Record] | None = None) -> dict[str, Any]:
    oruk = dict(record["oruk"])
    if terms is not None:
        oruk["taxonomy_terms"] = [term(t) for t in terms]
    return oruk


@dataclass
class Related:
    """What a service's document needs besides the service itself, loaded in batches."""

    organizations: dict[str, Record] = field(default_factory=dict)
    locations: dict[str, Record] = field(default_factory=dict)
    sals_of_service: dict[str, list[Record]] = field(default_factory=dict)
    terms: dict[str, Record] = field(default_factory=dict)


def _attributes(
    attributes: Sequence[Mapping[str, Any]], terms: Mapping[str, Record]
) -> list[dict[str, Any]]:
    rendered = []
    for attribute in attributes:
        item = dict(attribute)
        known = terms.get(item.get("taxonomy_term_id") or "")
        if known is not None:
            item["taxonomy_term"] = term(known)
        elif isinstance(item.get("taxonomy_term"), dict):
            item["taxonomy_term"] = term({"oruk": item["taxonomy_term"]})
        rendered.append(item)
    return rendered


def organization(record: Record, related: Related, *, full: bool) -> dict[str, Any]:
    oruk = record["oruk"]
    if not full:
        return _scalars(oruk)
    return {**oruk, "attributes": _attributes(oruk.get("attributes", []), related.terms)}


def location(record: Record, related: Related, *, full: bool) -> dict[str, Any]:
    oruk = record["oruk"]
    if not full:
        return _scalars(oruk)
    return {**oruk, "attributes": _attributes(oruk.get("attributes", []), related.terms)}


def _organization_of(service: Record, related: Related, *, full: bool) -> dict[str, Any]:
    org = related.organizations.get(service["organization_id"])
    if org is None:
        return {"id": service["organization_id"]}
    return organization(org, related, full=full)


def service(
    record: Record, related: Related, *, full: bool, with_sals: bool = True
) -> dict[str, Any]:
    oruk = record["oruk"]
    if not full:
        return {**_scalars(oruk), "organization": _organization_of(record, related, full=False)}
    document = {**oruk, "attributes": _attributes(oruk.get("attributes", []), related.terms)}
    document["organization"] = _organization_of(record, related, full=True)
    if with_sals:
        document["service_at_locations"] = [
            {
                **sal["oruk"],
                "location": location(related.locations[sal["location_id"]], related, full=True),
            }
            for sal in related.sals_of_service.get(record["_id"], [])
            if sal["location_id"] in related.locations
        ]
    return document


def service_at_location(
    sal: Record, service_record: Record, related: Related, *, full: bool
) -> dict[str, Any]:
    document = dict(sal["oruk"])
    place = related.locations.get(sal["location_id"])
    if place is not None:
        document["location"] = location(place, related, full=full)
    document["service"] = service(service_record, related, full=full, with_sals=False)
    return document
