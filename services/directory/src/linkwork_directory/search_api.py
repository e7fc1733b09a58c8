"""HTTP search for link workers (`GET /search`). An empty result carries what to record as
an unmet need, so "no suitable service" is one confirming call away."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Self

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field, model_validator

from linkwork_directory.domain.geo import Point
from linkwork_directory.domain.paging import page
from linkwork_directory.http_deps import LinkWorker, Paging, RuntimeDep, SettingsDep
from linkwork_directory.search import Search, find_services
from linkwork_directory.search_results import results
from linkwork_schemas.common import NeedDomain

router = APIRouter(tags=["search"])


class SearchParameters(BaseModel):
    """A link worker's search; every field optional. As query parameters it sits beside
    `page` and `per_page`; as a body (`from_search`) an unknown field is an error."""

    model_config = ConfigDict(extra="ignore")
    need: NeedDomain | None = Field(default=None, description="What matters to the person")
    taxonomy_term_id: str | None = Field(default=None, description="A term (or narrower)")
    text: str | None = Field(default=None, max_length=200, description="Words to match")
    age: int | None = Field(default=None, ge=0, le=120, description="The person's age")
    day: str | None = Field(default=None, description="Open on: MO..SU or monday..sunday")
    time: str | None = Field(default=None, description="Open at HH:MM (on `day` if given)")
    postcode: str | None = Field(default=None, description="Near this postcode (or district)")
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    within_m: float | None = Field(default=None, gt=0, description="At most this far, metres")
    include_full: bool = Field(default=True, description="Show full services (flagged)")

    @model_validator(mode="after")
    def _point_whole(self) -> Self:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude go together")
        return self

    def search(self) -> Search:
        point = Point.valid(self.latitude, self.longitude)
        fields = self.model_dump(exclude={"latitude", "longitude"})
        return Search(**fields, point=point)


class SearchBody(SearchParameters):
    model_config = ConfigDict(extra="forbid")


@router.get("/search", summary="Find services for a person: need, words, age, when, where")
async def search_services(
    params: Annotated[SearchParameters, Query()],
    paging: Paging,
    who: LinkWorker,
    rt: RuntimeDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    found, centre = await find_services(rt.db, params.search())
    shown = found[paging.skip : paging.skip + paging.per_page]
    answer = page(
        await results(rt.db, shown, datetime.now(UTC), settings.responsiveness_days),
        len(found),
        paging,
    )
    if centre is not None:
        answer["centre"] = {
            "latitude": centre.point.latitude,
            "longitude": centre.point.longitude,
            "postcode": centre.postcode,
            "precision": centre.precision,
        }
    if not found:
        answer["unmet_need"] = {
            "message": "No suitable service: record the unmet need by POSTing this search "
            'to /unmet-needs as {"from_search": ...}',
            "from_search": params.model_dump(exclude_none=True),
        }
    return answer
