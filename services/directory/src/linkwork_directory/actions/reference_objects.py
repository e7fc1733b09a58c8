"""The objects services refer to, saved before the services of a feed: taxonomies and terms,
organizations, locations (whose postcodes teach the directory where they are) and
service-at-locations joining services the feed does not carry. No events: consumers learn
of them through the services that use them."""

from __future__ import annotations

from typing import Any

from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.domain.geo import district, point_of, sector
from linkwork_directory.domain.records import (
    location_record,
    organization_record,
    service_at_location_record,
    taxonomy_record,
    term_record,
)
from linkwork_directory.store import Tx
from linkwork_runtime.mongo import Document


async def save_reference_objects(tx: Tx, bundle: Bundle) -> None:
    taxonomies, terms = tx.store.taxonomies, tx.store.taxonomy_terms
    stored_tax = await taxonomies.get_many(bundle.taxonomies)
    for taxonomy in bundle.taxonomies.values():
        await taxonomies.put(taxonomy_record(taxonomy, _oruk(stored_tax, taxonomy.id)))
    stored_terms = await terms.get_many(bundle.terms)
    for term, taxonomy_id in bundle.terms.values():
        await terms.put(term_record(term, taxonomy_id, _oruk(stored_terms, term.id)))
    organizations = tx.store.organizations
    stored_orgs = await organizations.get_many(bundle.organizations)
    for organization in bundle.organizations.values():
        await organizations.put(
            organization_record(organization, _oruk(stored_orgs, organization.id))
        )
    await _save_locations(tx, bundle)


async def _save_locations(tx: Tx, bundle: Bundle) -> None:
    locations, postcodes = tx.store.locations, tx.store.postcodes
    stored = await locations.get_many(bundle.locations)
    for location in bundle.locations.values():
        record = location_record(location, _oruk(stored, location.id))
        await locations.put(record)
        point, code = point_of(record), record["postcode"]
        if code and point:
            await postcodes.learn(code, district(code), sector(code), point)
    # Service-at-locations of services this feed does not carry join existing services.
    known = await tx.store.services.get_many(
        sid for _, sid, _ in bundle.service_at_locations.values() if sid not in bundle.services
    )
    places = tx.store.service_at_locations
    for sal, service_id, location_id in bundle.service_at_locations.values():
        if service_id in known:
            await places.put(service_at_location_record(sal, service_id, location_id))
        elif service_id not in bundle.services:
            bundle.warnings.append(
                f"service_at_location {sal.id}: no service {service_id}; not imported"
            )


def _oruk(stored: dict[str, Document], id_: str) -> dict[str, Any] | None:
    doc = stored.get(id_)
    return doc["oruk"] if doc else None
