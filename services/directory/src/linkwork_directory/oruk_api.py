"""The ORUK 3.0 read API: public, as ORUK feeds are. Lists are ORUK pages; single objects
are fully nested. Answers validate against the compiled ORUK schemas (see the tests)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from linkwork_directory import views
from linkwork_directory.domain.paging import page
from linkwork_directory.http_deps import Paging, RuntimeDep
from linkwork_directory.oruk import render
from linkwork_directory.oruk_query import OrukParameters, service_query
from linkwork_directory.places import distances, locate
from linkwork_directory.store import ServiceAtLocations, Services, Taxonomies, TaxonomyTerms
from linkwork_directory.store.queries import service_filter

router = APIRouter(tags=["Open Referral UK (public)"])
Parameters = Annotated[OrukParameters, Depends()]


def not_found(what: str) -> HTTPException:
    return HTTPException(404, {"error": "not_found", "message": f"no {what}"})


@router.get("/", summary="What this feed is and which profile it follows")
async def root() -> dict[str, Any]:
    return {
        "version": "3.0",
        "profile": "https://openreferraluk.org",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json",
    }


@router.get("/services", summary="A page of services (one-to-one fields)")
async def list_services(params: Parameters, paging: Paging, rt: RuntimeDep) -> dict[str, Any]:
    filters = service_filter(await service_query(rt.db, params))
    records, total = await Services(rt.db).page(
        filters, paging.skip, paging.per_page, sort=(("oruk.name", 1), ("_id", 1))
    )
    return page(await views.service_list(rt.db, records), total, paging)


@router.get("/services/{service_id}", summary="A fully nested service")
async def get_service(service_id: str, rt: RuntimeDep) -> dict[str, Any]:
    document = await views.service_document(rt.db, service_id)
    if document is None:
        raise not_found(f"service {service_id!r}")
    return document


@router.get("/service_at_locations", summary="A page of services at locations")
async def list_service_at_locations(
    params: Parameters,
    paging: Paging,
    rt: RuntimeDep,
    postcode: Annotated[str | None, Query(description="Nearest first from this postcode")] = None,
    proximity: Annotated[
        float | None, Query(gt=0, description="Within these metres of the postcode")
    ] = None,
) -> dict[str, Any]:
    query = await service_query(rt.db, params)
    filters: dict[str, Any] = {}
    if query.given():
        matching = await Services(rt.db).find(service_filter(query), projection={"_id": 1})
        filters["service_id"] = {"$in": [s["_id"] for s in matching]}
    places = ServiceAtLocations(rt.db)
    if postcode is None:
        sals, total = await places.page(filters, paging.skip, paging.per_page)
        return page(await views.sal_list(rt.db, sals), total, paging)
    centre = (await locate(rt.db, postcode)).point
    candidates = await places.find(filters)
    metres = await distances(rt.db, centre, candidates)

    def nearest_first(sal: dict[str, Any]) -> tuple[float, str]:
        away = metres[sal["_id"]]
        return (float("inf") if away is None else away, sal["_id"])

    ranked = sorted(candidates, key=nearest_first)
    if proximity is not None:
        ranked = [s for s in ranked if nearest_first(s)[0] <= proximity]
    shown = ranked[paging.skip : paging.skip + paging.per_page]
    return page(await views.sal_list(rt.db, shown), len(ranked), paging)


@router.get("/service_at_locations/{sal_id}", summary="A fully nested service at a location")
async def get_service_at_location(sal_id: str, rt: RuntimeDep) -> dict[str, Any]:
    document = await views.sal_document(rt.db, sal_id)
    if document is None:
        raise not_found(f"service_at_location {sal_id!r}")
    return document


@router.get("/taxonomies", summary="A page of taxonomies")
async def list_taxonomies(paging: Paging, rt: RuntimeDep) -> dict[str, Any]:
    records, total = await Taxonomies(rt.db).page({}, paging.skip, paging.per_page)
    return page([render.taxonomy(r) for r in records], total, paging)


@router.get("/taxonomies/{taxonomy_id}", summary="A taxonomy with its terms")
async def get_taxonomy(taxonomy_id: str, rt: RuntimeDep) -> dict[str, Any]:
    record = await Taxonomies(rt.db).get(taxonomy_id)
    if record is None:
        raise not_found(f"taxonomy {taxonomy_id!r}")
    terms = await TaxonomyTerms(rt.db).find({"taxonomy_id": taxonomy_id})
    return render.taxonomy(record, terms)


@router.get("/taxonomy_terms", summary="A page of taxonomy terms")
async def list_taxonomy_terms(
    paging: Paging,
    rt: RuntimeDep,
    taxonomy_id: str | None = None,
    parent_id: str | None = None,
) -> dict[str, Any]:
    wanted = {"taxonomy_id": taxonomy_id, "parent_id": parent_id}
    filters = {k: v for k, v in wanted.items() if v}
    records, total = await TaxonomyTerms(rt.db).page(filters, paging.skip, paging.per_page)
    return page([render.term(r) for r in records], total, paging)


@router.get("/taxonomy_terms/{term_id}", summary="A taxonomy term")
async def get_taxonomy_term(term_id: str, rt: RuntimeDep) -> dict[str, Any]:
    record = await TaxonomyTerms(rt.db).get(term_id)
    if record is None:
        raise not_found(f"taxonomy term {term_id!r}")
    return render.term(record)
