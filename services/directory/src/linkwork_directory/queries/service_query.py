"""The ServiceQuery a caller's parameters ask for: days and times read as people write them
(refused naming the parameter), taxonomy terms widened to their narrower terms."""

from __future__ import annotations

from linkwork_directory.domain.schedule import BadSchedule, hhmmss, parse_day
from linkwork_directory.domain.service_search import ServiceQuery
from linkwork_directory.store import Store
from linkwork_runtime.refusals import Unprocessable


def parse_time(value: str | None, field: str) -> str | None:
    try:
        return hhmmss(value) if value else None
    except BadSchedule as exc:
        raise Unprocessable(str(exc), where=field) from None


def parse_weekday(value: str | None, field: str = "day") -> str | None:
    try:
        return parse_day(value) if value else None
    except BadSchedule as exc:
        raise Unprocessable(str(exc), where=field) from None


async def term_filter(
    store: Store, term_id: str | None, taxonomy_id: str | None
) -> frozenset[str] | None:
    terms = store.taxonomy_terms
    wanted: set[str] | None = None
    if term_id:
        wanted = await terms.with_descendants([term_id])
    if taxonomy_id:
        of_taxonomy = await terms.of_taxonomy(taxonomy_id)
        wanted = of_taxonomy if wanted is None else wanted & of_taxonomy
    return None if wanted is None else frozenset(wanted)


async def service_query(
    store: Store,
    *,
    search: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    minimum_age: float | None = None,
    maximum_age: float | None = None,
    day: str | None = None,
    start_time: str | None = None,
    end_time: str | None = None,
) -> ServiceQuery:
    """The ORUK query parameters of `/services` and `/service_at_locations` as a query."""
    return ServiceQuery(
        text=search,
        term_ids=await term_filter(store, taxonomy_term_id, taxonomy_id),
        minimum_age=minimum_age,
        maximum_age=maximum_age,
        day=parse_weekday(day),
        start_time=parse_time(start_time, "start_time"),
        end_time=parse_time(end_time, "end_time"),
    )
