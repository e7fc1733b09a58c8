"""ORUK documents from the store: single objects fully nested, the items of a page with their
one-to-one fields. The related records a page needs are loaded in batches, then rendered
(oruk/render.py); an object that is not there is NotFound."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from linkwork_directory.oruk import render
from linkwork_directory.store import Store
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import NotFound


def _term_ids(*documents: Document) -> set[str]:
    ids: set[str] = set()
    for doc in documents:
        for attribute in doc.get("oruk", {}).get("attributes", []):
            if attribute.get("taxonomy_term_id"):
                ids.add(attribute["taxonomy_term_id"])
    return ids


async def related(
    store: Store,
    services: Sequence[Document],
    *,
    full: bool,
    sals: Sequence[Document] = (),
) -> render.Related:
    """Organizations of `services`; with `full`, their locations and terms too. `sals` are
    service-at-locations whose locations are needed (a page of them)."""
    found = render.Related()
    organization_ids = (s["organization_id"] for s in services)
    found.organizations = await store.organizations.get_many(organization_ids)
    all_sals = list(sals)
    if full:
        all_sals += await store.service_at_locations.of_services(s["_id"] for s in services)
        for sal in all_sals:
            found.sals_of_service.setdefault(sal["service_id"], []).append(sal)
    found.locations = await store.locations.get_many(s["location_id"] for s in all_sals)
    if full:
        ids = _term_ids(*services, *found.organizations.values(), *found.locations.values())
        found.terms = await store.taxonomy_terms.get_many(ids)
    return found


async def service_document(store: Store, service_id: str) -> dict[str, Any]:
    record = await store.services.get(service_id)
    if record is None:
        raise NotFound(f"no service {service_id!r}")
    return render.service(record, await related(store, [record], full=True), full=True)


async def service_list(store: Store, records: Sequence[Document]) -> list[dict[str, Any]]:
    found = await related(store, records, full=False)
    return [render.service(r, found, full=False) for r in records]


async def sal_document(store: Store, sal_id: str) -> dict[str, Any]:
    sal = await store.service_at_locations.get(sal_id)
    service = await store.services.get(sal["service_id"]) if sal else None
    if sal is None or service is None:
        raise NotFound(f"no service_at_location {sal_id!r}")
    found = await related(store, [service], full=True, sals=[sal])
    return render.service_at_location(sal, service, found, full=True)


async def sal_list(store: Store, sals: Sequence[Document]) -> list[dict[str, Any]]:
    services = await store.services.get_many(s["service_id"] for s in sals)
    found = await related(store, list(services.values()), full=False, sals=sals)
    return [
        render.service_at_location(sal, services[sal["service_id"]], found, full=False)
        for sal in sals
        if sal["service_id"] in services
    ]


async def taxonomy_document(store: Store, taxonomy_id: str) -> dict[str, Any]:
    record = await store.taxonomies.get(taxonomy_id)
    if record is None:
        raise NotFound(f"no taxonomy {taxonomy_id!r}")
    terms = await store.taxonomy_terms.find({"taxonomy_id": taxonomy_id})
    return render.taxonomy(record, terms)


async def term_document(store: Store, term_id: str) -> dict[str, Any]:
    record = await store.taxonomy_terms.get(term_id)
    if record is None:
        raise NotFound(f"no taxonomy term {term_id!r}")
    return render.term(record)
