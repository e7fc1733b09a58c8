"""Where a postcode is: its centroid from a loaded postcode file or an imported location,
else the centre of its sector or district (so any LS6 postcode finds what is near LS6)."""

from __future__ import annotations

from dataclasses import dataclass

from linkwork_directory.domain.geo import (
    BadPostcode,
    Point,
    distance_m,
    district,
    normalise_postcode,
    point_of,
    sector,
)
from linkwork_directory.store import Store
from linkwork_directory.store.postcodes import Postcodes
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Unprocessable


@dataclass(frozen=True)
class Place:
    point: Point
    postcode: str
    precision: str  # postcode, sector or district


async def locate(store: Store, text: str, field: str = "postcode") -> Place:
    postcodes = store.postcodes
    try:
        code = normalise_postcode(text)
    except BadPostcode:
        return await _district_centre(postcodes, text, field)
    known = await postcodes.get(code)
    if known is not None:
        return Place(Point(known["latitude"], known["longitude"]), code, "postcode")
    located = await store.locations.with_postcode(code)
    if located:
        return Place(Point(located[0]["latitude"], located[0]["longitude"]), code, "postcode")
    for precision, value in (("sector", sector(code)), ("district", district(code))):
        centre = await postcodes.centroid_of(precision, value)
        if centre is not None:
            return Place(centre, code, precision)
    raise Unprocessable(
        f"no coordinates are known for {code} or its district; load the postcode centroids "
        "(python -m linkwork_directory.postcodes FILE)",
        where=field,
    )


async def _district_centre(postcodes: Postcodes, text: str, field: str) -> Place:
    try:
        area = district(text)
    except BadPostcode as exc:
        raise Unprocessable(str(exc), where=field) from None
    centre = await postcodes.centroid_of("district", area)
    if centre is None:
        raise Unprocessable(f"no coordinates are known for postcode district {area}", where=field)
    return Place(centre, area, "district")


async def distances(store: Store, centre: Point, sals: list[Document]) -> dict[str, float | None]:
    """Metres from `centre` to each service-at-location (None where its place is unknown)."""
    locations = await store.locations.get_many(s["location_id"] for s in sals)
    found: dict[str, float | None] = {}
    for sal in sals:
        point = point_of(locations.get(sal["location_id"]))
        found[sal["_id"]] = None if point is None else distance_m(centre, point)
    return found
