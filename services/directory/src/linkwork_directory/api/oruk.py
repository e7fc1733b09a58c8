"""The ORUK 3.0 read API: public, as ORUK feeds are. Lists are ORUK pages; single objects
are fully nested. Answers validate against the compiled ORUK schemas (see the tests)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from linkwork_directory.api.deps import Paging, StoreDep
from linkwork_directory.api.oruk_parameters import OrukQuery
from linkwork_directory.queries import oruk_documents as documents
from linkwork_directory.queries import oruk_pages as pages
from linkwork_runtime.access import public
from linkwork_runtime.answers import refused
from linkwork_runtime.refusals import NotFound

router = APIRouter(
    tags=["Open Referral UK (public)"], dependencies=[public("ORUK feeds are open data")]
)


@router.get("/", summary="What this feed is and which profile it follows")
async def root() -> dict[str, Any]:
    return {
        "version": "3.0",
        "profile": "https://openreferraluk.org",
        "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json",
    }


@router.get("/services", summary="A page of services (one-to-one fields)")
async def list_services(query: OrukQuery, paging: Paging, store: StoreDep) -> dict[str, Any]:
    return await pages.services_page(store, query, paging)


@router.get("/services/{service_id}", summary="A fully nested service", responses=refused(NotFound))
async def get_service(service_id: str, store: StoreDep) -> dict[str, Any]:
    return await documents.service_document(store, service_id)


@router.get("/service_at_locations", summary="A page of services at locations")
async def list_service_at_locations(
    query: OrukQuery,
    paging: Paging,
    store: StoreDep,
    postcode: Annotated[str | None, Query(description="Nearest first from this postcode")] = None,
    proximity: Annotated[
        float | None, Query(gt=0, description="Within these metres of the postcode")
    ] = None,
) -> dict[str, Any]:
    return await pages.service_at_locations_page(store, query, paging, postcode, proximity)


@router.get(
    "/service_at_locations/{sal_id}",
    summary="A fully nested service at a location",
    responses=refused(NotFound),
)
async def get_service_at_location(sal_id: str, store: StoreDep) -> dict[str, Any]:
    return await documents.sal_document(store, sal_id)


@router.get("/taxonomies", summary="A page of taxonomies")
async def list_taxonomies(paging: Paging, store: StoreDep) -> dict[str, Any]:
    return await pages.taxonomies_page(store, paging)


@router.get(
    "/taxonomies/{taxonomy_id}",
    summary="A taxonomy with its terms",
    responses=refused(NotFound),
)
async def get_taxonomy(taxonomy_id: str, store: StoreDep) -> dict[str, Any]:
    return await documents.taxonomy_document(store, taxonomy_id)


@router.get("/taxonomy_terms", summary="A page of taxonomy terms")
async def list_taxonomy_terms(
    paging: Paging,
    store: StoreDep,
    taxonomy_id: str | None = None,
    parent_id: str | None = None,
) -> dict[str, Any]:
    return await pages.terms_page(store, paging, taxonomy_id, parent_id)


@router.get("/taxonomy_terms/{term_id}", summary="A taxonomy term", responses=refused(NotFound))
async def get_taxonomy_term(term_id: str, store: StoreDep) -> dict[str, Any]:
    return await documents.term_document(store, term_id)
