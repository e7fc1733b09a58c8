"""The ORUK query parameters of `/services` and `/service_at_locations`, as the ServiceQuery
they ask for (a dependency of those routes)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated

from fastapi import Depends, Query

from linkwork_directory.api.deps import StoreDep
from linkwork_directory.domain.service_search import ServiceQuery
from linkwork_directory.queries.service_query import service_query


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


async def oruk_query(
    parameters: Annotated[OrukParameters, Depends()], store: StoreDep
) -> ServiceQuery:
    return await service_query(store, **asdict(parameters))


OrukQuery = Annotated[ServiceQuery, Depends(oruk_query)]
