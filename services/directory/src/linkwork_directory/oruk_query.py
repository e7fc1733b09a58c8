"""The ORUK query parameters of `/services` and `/service_at_locations`, parsed into a
ServiceQuery (taxonomy terms widened to their narrower terms)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_directory.domain.schedule import BadSchedule, hhmmss, parse_day
from linkwork_directory.errors import Unprocessable
from linkwork_directory.store import TaxonomyTerms
from linkwork_directory.store.queries import ServiceQuery
from linkwork_runtime.mongo import Document


@dataclass
class OrukParameters:
    search: Annotated[str | None, Query(description="Full text search")] = None
    taxonomy_term_id: Annotated[
        str | None, Query(description="Services with this term (or a narrower one)")
    ] = None
    taxonomy_id: Annotated[
        str | None, Query(description="Services with any term of this taxonomy")
    ] = None
    minimum_age: Annotated[
        float | None, Query(description="Services whose minimum age is at least this")
    ] = None
    maximum_age: Annotated[
        float | None, Query(description="Services whose maximum age is at most this")
    ] = None
    day: Annotated[str | None, Query(description="Open on this day: MO..SU or monday")] = None
    start_time: Annotated[str | None, Query(description="Opening at or after HH:MM")] = None
    end_time: Annotated[str | None, Query(description="Closing at or before HH:MM")] = None


def parse_time(value: str | None, field: str) -> str | None:
    try:
        return hhmmss(value) if value else None
    except BadSchedule as exc:
        raise Unprocessable(field, str(exc)) from None


def parse_weekday(value: str | None, field: str = "day") -> str | None:
    try:
        return parse_day(value) if value else None
    except BadSchedule as exc:
        raise Unprocessable(field, str(exc)) from None


async def term_filter(
    db: AsyncDatabase[Document], term_id: str | None, taxonomy_id: str | None
) -> frozenset[str] | None:
    terms = TaxonomyTerms(db)
    wanted: set[str] | None = None
    if term_id:
        wanted = await terms.with_descendants([term_id])
    if taxonomy_id:
        of_taxonomy = await terms.of_taxonomy(taxonomy_id)
        wanted = of_taxonomy if wanted is None else wanted & of_taxonomy
    return None if wanted is None else frozenset(wanted)


async def service_query(db: AsyncDatabase[Document], p: OrukParameters) -> ServiceQuery:
    return ServiceQuery(
        text=p.search,
        term_ids=await term_filter(db, p.taxonomy_term_id, p.taxonomy_id),
        minimum_age=p.minimum_age,
        maximum_age=p.maximum_age,
        day=parse_weekday(p.day),
        start_time=parse_time(p.start_time, "start_time"),
        end_time=parse_time(p.end_time, "end_time"),
    )
