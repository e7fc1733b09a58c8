"""ORUK documents from the store: the related records a page needs are loaded in batches,
then rendered (oruk/render.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from linkwork_directory.oruk import render
from linkwork_directory.store import (
    Locations,
    Organizations,
    ServiceAtLocations,
    Services,
    TaxonomyTerms,
)
from linkwork_runtime.mongo import Document


def _term_ids(*documents: Document) -> set[str]:
    ids: set[str] = set()
    for doc in documents:
        for attribute in doc.get("oruk", {}).get("attributes", []):
            if attribute.get("taxonomy_term_id"):
                ids.add(attribute["taxonomy_term_id"])
    return ids


async def related(
    db: AsyncDatabase[Document],
    services: Sequence[Document],
    *,
    full: bool,
    sals: Sequence[Document] = (),
) -> render.Related:
    """Organizations of `services`; with `full`, their locations and terms too. `sals` are
    service-at-locations whose locations are needed (a page of them)."""
    found = render.Related()
    found.organizations = await Organizations(db).get_many(s["organization_id"] for s in services)
    all_sals = list(sals)
    if full:
        all_sals += await ServiceAtLocations(db).of_services(s["_id"] for s in services)
        for sal in all_sals:
            found.sals_of_service.setdefault(sal["service_id"], []).append(sal)
    found.locations = await Locations(db).get_many(s["location_id"] for s in all_sals)
    if full:
        ids = _term_ids(*services, *found.organizations.values(), *found.locations.values())
        found.terms = await TaxonomyTerms(db).get_many(ids)
    return found


async def service_document(db: AsyncDatabase[Document], service_id: str) -> dict[str, Any] | None:
    record = await Services(db).get(service_id)
    if record is None:
        return None
    return render.service(record, await related(db, [record], full=True), full=True)


async def service_list(
    db: AsyncDatabase[Document], records: Sequence[Document]
) -> list[dict[str, Any]]:
    found = await related(db, records, full=False)
    return [render.service(r, found, full=False) for r in records]


async def sal_document(db: AsyncDatabase[Document], sal_id: str) -> dict[str, Any] | None:
    sal = await ServiceAtLocations(db).get(sal_id)
    service = await Services(db).get(sal["service_id"]) if sal else None
    if sal is None or service is None:
        return None
    found = await related(db, [service], full=True, sals=[sal])
    return render.service_at_location(sal, service, found, full=True)


async def sal_list(db: AsyncDatabase[Document], sals: Sequence[Document]) -> list[dict[str, Any]]:
    services = await Services(db).get_many(s["service_id"] for s in sals)
    found = await related(db, list(services.values()), full=False, sals=sals)
    return [
        render.service_at_location(sal, services[sal["service_id"]], found, full=False)
        for sal in sals
        if sal["service_id"] in services
    ]
