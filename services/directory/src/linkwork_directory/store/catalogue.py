"""Repositories of the ORUK records: organizations, services, locations, service-at-locations,
taxonomies and their terms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linkwork_directory.domain.geo import Point
from linkwork_directory.domain.service_search import ServiceQuery
from linkwork_directory.store.service_filters import service_filter
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

ORGANIZATIONS = "organizations"
SERVICES = "services"
LOCATIONS = "locations"
SERVICE_AT_LOCATIONS = "service_at_locations"
TAXONOMIES = "taxonomies"
TAXONOMY_TERMS = "taxonomy_terms"
BY_NAME = (("oruk.name", 1), ("_id", 1))


class Organizations(Repository):
    collection_name = ORGANIZATIONS


class Services(Repository):
    collection_name = SERVICES

    async def from_source(self, source: str) -> list[Document]:
        return await self.find(
            {"source": source}, projection={"_id": 1, "oruk.name": 1, "missing_from_feed_since": 1}
        )

    async def any(self) -> bool:
        return await self._collection.find_one({}, {"_id": 1}, session=self._session) is not None

    async def matching(self, query: ServiceQuery, limit: int) -> list[Document]:
        """Up to `limit` services the query finds, by name."""
        return await self.find(service_filter(query), limit=limit, sort=BY_NAME)

    async def page_matching(
        self, query: ServiceQuery, skip: int, limit: int
    ) -> tuple[list[Document], int]:
        """A page of the services the query finds, by name, and how many it finds."""
        return await self.page(service_filter(query), skip, limit, sort=BY_NAME)

    async def page_of_organization(
        self, organization_id: str, skip: int, limit: int
    ) -> tuple[list[Document], int]:
        """A page of one organization's services, withdrawn ones too, by name."""
        return await self.page({"organization_id": organization_id}, skip, limit, sort=BY_NAME)

    async def ids_matching(self, query: ServiceQuery) -> list[str]:
        found = await self.find(service_filter(query), projection={"_id": 1})
        return [s["_id"] for s in found]


class Locations(Repository):
    collection_name = LOCATIONS

    async def within_box(self, south_west: Point, north_east: Point) -> list[Document]:
        return await self.find(
            {
                "latitude": {"$gte": south_west.latitude, "$lte": north_east.latitude},
                "longitude": {"$gte": south_west.longitude, "$lte": north_east.longitude},
            }
        )

    async def with_postcode(self, postcode: str) -> list[Document]:
        return await self.find({"postcode": postcode, "latitude": {"$ne": None}})


class ServiceAtLocations(Repository):
    collection_name = SERVICE_AT_LOCATIONS

    async def of_services(self, service_ids: Iterable[str]) -> list[Document]:
        return await self.find({"service_id": {"$in": sorted(set(service_ids))}})


class Taxonomies(Repository):
    collection_name = TAXONOMIES


class TaxonomyTerms(Repository):
    collection_name = TAXONOMY_TERMS

    async def with_descendants(self, term_ids: Iterable[str]) -> set[str]:
        """The terms and every narrower term under them (any depth)."""
        found = set(term_ids)
        frontier = set(found)
        while frontier:
            children = await self.find(
                {"parent_id": {"$in": sorted(frontier)}}, projection={"_id": 1}
            )
            frontier = {c["_id"] for c in children} - found
            found |= frontier
        return found

    async def of_taxonomy(self, taxonomy_id: str) -> set[str]:
        docs = await self.find({"taxonomy_id": taxonomy_id}, projection={"_id": 1})
        return {d["_id"] for d in docs}

    async def ancestors(self, term_id: str) -> list[str]:
        """The term and its broader terms, nearest first."""
        chain: list[str] = []
        current: str | None = term_id
        while current and current not in chain:
            chain.append(current)
            doc: dict[str, Any] | None = await self.get(current)
            current = doc.get("parent_id") if doc else None
        return chain
