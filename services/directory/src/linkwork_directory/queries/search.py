"""Search for link workers: services that meet a need (taxonomy term), match words, take a
person of this age, are open on a day and time, near a postcode or point, nearest first.
Withdrawn and inactive services are left out; full ones are flagged (or left out)."""

from __future__ import annotations

from dataclasses import dataclass

from linkwork_directory.domain import needs
from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.domain.geo import Point
from linkwork_directory.domain.service_search import ServiceQuery
from linkwork_directory.queries.places import Place, distances, locate
from linkwork_directory.queries.service_query import parse_time, parse_weekday, term_filter
from linkwork_directory.store import Store
from linkwork_runtime.mongo import Document
from linkwork_schemas.common import NeedDomain

CANDIDATES = 2000


@dataclass(frozen=True)
class Search:
    need: NeedDomain | None = None
    taxonomy_term_id: str | None = None
    text: str | None = None
    age: int | None = None
    day: str | None = None
    time: str | None = None
    postcode: str | None = None
    point: Point | None = None
    within_m: float | None = None
    include_full: bool = True


@dataclass
class Found:
    service: Document
    distance_m: float | None = None
    nearest: Document | None = None  # the nearest service-at-location


async def need_terms(store: Store, search: Search) -> frozenset[str] | None:
    by_term = await term_filter(store, search.taxonomy_term_id, None)
    if search.need is None:
        return by_term
    by_need = await store.taxonomy_terms.with_descendants(needs.terms_of(search.need))
    return frozenset(by_need) if by_term is None else by_term & by_need


async def centre_of(store: Store, search: Search) -> Place | None:
    if search.postcode:
        return await locate(store, search.postcode)
    if search.point:
        return Place(search.point, "", "point")
    return None


async def find_services(store: Store, search: Search) -> tuple[list[Found], Place | None]:
    query = ServiceQuery(
        text=search.text,
        term_ids=await need_terms(store, search),
        day=parse_weekday(search.day),
        open_at=parse_time(search.time, "time"),
        eligible_age=search.age,
        available_only=True,
    )
    records = await store.services.matching(query, limit=CANDIDATES)
    if not search.include_full:
        records = [r for r in records if not Capacity.of(r).full]
    found = [Found(r) for r in records]
    centre = await centre_of(store, search)
    if centre is None:
        return found, None
    return await _nearest_first(store, found, centre.point, search.within_m), centre


async def _nearest_first(
    store: Store, found: list[Found], centre: Point, within_m: float | None
) -> list[Found]:
    sals = await store.service_at_locations.of_services(f.service["_id"] for f in found)
    metres = await distances(store, centre, sals)
    by_service: dict[str, list[Document]] = {}
    for sal in sals:
        by_service.setdefault(sal["service_id"], []).append(sal)
    kept: list[Found] = []
    for item in found:
        located = [
            s for s in by_service.get(item.service["_id"], []) if metres[s["_id"]] is not None
        ]
        if located:
            item.nearest = min(located, key=lambda s: metres[s["_id"]] or 0.0)
            item.distance_m = metres[item.nearest["_id"]]
        elif by_service.get(item.service["_id"]):
            continue  # has places, none of them known on the map
        if within_m is None or item.distance_m is None or item.distance_m <= within_m:
            kept.append(item)  # no places at all: remote (phone, online), shown after
    return sorted(kept, key=lambda f: (f.distance_m is None, f.distance_m or 0.0))
