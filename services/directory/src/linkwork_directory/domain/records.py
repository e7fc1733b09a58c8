"""ORUK objects as the directory stores them: each object once (organizations, services,
locations, service-at-locations, taxonomies, terms), related by id, with the fields that
searches need (term ids, opening times, search text, a valid point) derived once here.

Re-imports merge: fields a document leaves out keep their stored values (a page of
one-to-one services must not wipe schedules); a field sent as null or [] is cleared.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from linkwork_directory.domain import needs
from linkwork_directory.domain.geo import Point, postcode_or_none
from linkwork_directory.domain.schedule import opening_times
from linkwork_directory.oruk.entities import Location, Taxonomy, TaxonomyTerm
from linkwork_directory.oruk.models import Organization, Service, ServiceAtLocation

Stored = dict[str, Any] | None


def _strip(value: Any) -> Any:
    """Without nulls and empty lists, at every depth (ORUK omits what it does not know)."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def oruk_fields(
    model: BaseModel, exclude: Iterable[str] = (), stored: Stored = None
) -> dict[str, Any]:
    """The model's ORUK fields, merged over the stored ones when there are some."""
    given = model.model_dump(mode="json", exclude_unset=stored is not None, exclude=set(exclude))
    merged: dict[str, Any] = _strip({**(stored or {}), **given})
    return merged


def service_oruk(service: Service, stored: Stored = None) -> dict[str, Any]:
    """The service's own fields; its attributes keep the term id, terms are stored apart."""
    oruk = oruk_fields(service, {"service_at_locations", "organization", "attributes"}, stored)
    if "attributes" in service.model_fields_set or stored is None:
        oruk["attributes"] = [
            {**oruk_fields(a, {"taxonomy_term"}), "taxonomy_term_id": a.taxonomy_term_id}
            for a in service.attributes
        ]
    return {k: v for k, v in oruk.items() if v != []}


def service_record(
    oruk: dict[str, Any], organization_id: str, organization_name: str, term_names: list[str]
) -> dict[str, Any]:
    """What is stored for a service, apart from its capacity and lifecycle stamps."""
    oruk = {**oruk, "organization_id": organization_id}
    term_ids = sorted({a["taxonomy_term_id"] for a in oruk.get("attributes", [])})
    names = [*term_names, *(needs.name_of_term(t) or "" for t in term_ids)]
    text = " ".join([oruk["name"], oruk.get("description") or "", organization_name, *names])
    return {
        "_id": oruk["id"],
        "organization_id": organization_id,
        "oruk": oruk,
        "term_ids": term_ids,
        "opening_times": [t.as_record() for t in opening_times(oruk.get("schedules", []))],
        "search_text": " ".join(text.lower().split()),
    }


def organization_record(organization: Organization, stored: Stored = None) -> dict[str, Any]:
    return {"_id": organization.id, "oruk": oruk_fields(organization, {"services"}, stored)}


def location_record(location: Location, stored: Stored = None) -> dict[str, Any]:
    oruk = oruk_fields(location, (), stored)
    point = Point.valid(oruk.get("latitude"), oruk.get("longitude"))
    postcodes = [postcode_or_none(a.get("postal_code")) for a in oruk.get("addresses", [])]
    return {
        "_id": location.id,
        "oruk": oruk,
        "latitude": point.latitude if point else None,
        "longitude": point.longitude if point else None,
        "postcode": next((p for p in postcodes if p), None),
    }


def service_at_location_record(
    sal: ServiceAtLocation, service_id: str, location_id: str
) -> dict[str, Any]:
    oruk = oruk_fields(sal, {"service", "location"})
    oruk.update(service_id=service_id, location_id=location_id)
    return {"_id": sal.id, "service_id": service_id, "location_id": location_id, "oruk": oruk}


def term_record(
    term: TaxonomyTerm, taxonomy_id: str | None = None, stored: Stored = None
) -> dict[str, Any]:
    oruk = oruk_fields(term, (), stored)
    if taxonomy_id:
        oruk.setdefault("taxonomy_id", taxonomy_id)
    return {
        "_id": term.id,
        "oruk": oruk,
        "taxonomy_id": oruk.get("taxonomy_id"),
        "parent_id": oruk.get("parent_id"),
    }


def taxonomy_record(taxonomy: Taxonomy, stored: Stored = None) -> dict[str, Any]:
    return {"_id": taxonomy.id, "oruk": oruk_fields(taxonomy, {"taxonomy_terms"}, stored)}
