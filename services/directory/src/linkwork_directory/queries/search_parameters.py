"""A link worker's search as it arrives: query parameters of `GET /search`, or the body of
an unmet need confirming a search that found nothing."""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from linkwork_directory.domain.geo import Point
from linkwork_directory.queries.search import Search
from linkwork_schemas.common import NeedDomain


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
