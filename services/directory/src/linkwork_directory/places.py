"""Where a postcode is: its centroid from a loaded postcode file or an imported location,
else the centre of its sector or district (so any LS6 postcode finds what is near LS6)."""

from __future__ import annotations

from dataclasses import dataclass

from pymongo.asynchronous.database import AsyncDatabase

from linkwork_directory.domain.geo import (
    BadPostcode,
    Point,
    distance_m,
    district,
    normalise_postcode,
    sector,
)
from linkwork_directory.errors import Unprocessable
from linkwork_directory.store import Locations, Postcodes
from linkwork_runtime.mongo import Document


@dataclass(frozen=True)
class Place:
    point: Point
    postcode: str
    precision: str  # postcode, sector or district


async def locate(db: AsyncDatabase[Document], text: str, field: str = "postcode") -> Place:
    postcodes = Postcodes(db)
    try:
        code = normalise_postcode(text)
    except BadPostcode:
        return await _district_centre(postcodes, text, field)
    known = await postcodes.get(code)
    if known is not None:
        return Place(Point(known["latitude"], known["longitude"]), code, "postcode")
    located = await Locations(db).with_postcode(code)
    if located:
        return Place(Point(located[0]["latitude"], located[0]["longitude"]), code, "postcode")
    for precision, value in (("sector", sector(code)), ("district", district(code))):
        centre = await postcodes.centroid_of(precision, value)
        if centre is not None:
            return Place(centre, code, precision)
    raise Unprocessable(
        field,
        f"no coordinates are known for {code} or its district; load the postcode centroids "
        "(python -m linkwork_directory.postcodes FILE)",
    )


async def _district_centre(postcodes: Postcodes, text: str, field: str) -> Place:
    try:
        area = district(text)
    except BadPostcode as exc:
        raise Unprocessable(field, str(exc)) from None
    centre = await postcodes.centroid_of("district", area)
    if centre is None:
        raise Unprocessable(field, f"no coordinates are known for postcode district {area}")
    return Place(centre, area, "district")


def point_of(location: Document | None) -> Point | None:
    if location is None or location.get("latitude") is None:
        return None
    return Point(location["latitude"], location["longitude"])


async def distances(
    db: AsyncDatabase[Document], centre: Point, sals: list[Document]
) -> dict[str, float | None]:
    """Metres from `centre` to each service-at-location (None where its place is unknown)."""
    locations = await Locations(db).get_many(s["location_id"] for s in sals)
    found: dict[str, float | None] = {}
    for sal in sals:
        point = point_of(locations.get(sal["location_id"]))
        found[sal["_id"]] = None if point is None else distance_m(centre, point)
    return found
