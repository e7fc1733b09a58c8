"""The ORUK lists: pages of services, of services at locations (nearest first from a
postcode, when one is given), of taxonomies and of their terms."""

from __future__ import annotations

from typing import Any

from linkwork_directory.domain.service_search import ServiceQuery
from linkwork_directory.oruk import render
from linkwork_directory.oruk.page import page
from linkwork_directory.queries.oruk_documents import sal_list, service_list
from linkwork_directory.queries.places import distances, locate
from linkwork_directory.store import Store
from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest


async def services_page(store: Store, query: ServiceQuery, paging: PageRequest) -> dict[str, Any]:
    records, total = await store.services.page_matching(query, paging.skip, paging.per_page)
    return page(await service_list(store, records), total, paging)


async def service_at_locations_page(
    store: Store,
    query: ServiceQuery,
    paging: PageRequest,
    postcode: str | None = None,
    proximity: float | None = None,
) -> dict[str, Any]:
    """Within `proximity` metres of `postcode`, nearest first, when it is given."""
    filters: dict[str, Any] = {}
    if query.given():
        filters["service_id"] = {"$in": await store.services.ids_matching(query)}
    places = store.service_at_locations
    if postcode is None:
        sals, total = await places.page(filters, paging.skip, paging.per_page)
        return page(await sal_list(store, sals), total, paging)
    centre = (await locate(store, postcode)).point
    candidates = await places.find(filters)
    metres = await distances(store, centre, candidates)

    def nearest_first(sal: Document) -> tuple[float, str]:
        away = metres[sal["_id"]]
        return (float("inf") if away is None else away, sal["_id"])

    ranked = sorted(candidates, key=nearest_first)
    if proximity is not None:
        ranked = [s for s in ranked if nearest_first(s)[0] <= proximity]
    return page(await sal_list(store, paging.cut(ranked)), len(ranked), paging)


async def taxonomies_page(store: Store, paging: PageRequest) -> dict[str, Any]:
    records, total = await store.taxonomies.page({}, paging.skip, paging.per_page)
    return page([render.taxonomy(r) for r in records], total, paging)


async def terms_page(
    store: Store, paging: PageRequest, taxonomy_id: str | None, parent_id: str | None
) -> dict[str, Any]:
    wanted = {"taxonomy_id": taxonomy_id, "parent_id": parent_id}
    filters = {k: v for k, v in wanted.items() if v}
    records, total = await store.taxonomy_terms.page(filters, paging.skip, paging.per_page)
    return page([render.term(r) for r in records], total, paging)
