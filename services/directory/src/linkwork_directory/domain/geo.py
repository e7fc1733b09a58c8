"""Places: UK postcodes (normalised, their sector and district) and distances on the earth."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
EARTH_RADIUS_M = 6_371_008.8


class BadPostcode(ValueError):
    pass


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float

    @classmethod
    def valid(cls, latitude: float | None, longitude: float | None) -> Point | None:
        """A point if both coordinates are given and on the earth (feeds carry junk like 100)."""
        if latitude is None or longitude is None:
            return None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        return cls(latitude, longitude)


def point_of(location: Mapping[str, Any] | None) -> Point | None:
    """Where a stored location is, when it is known."""
    if location is None or location.get("latitude") is None:
        return None
    return Point(location["latitude"], location["longitude"])


def normalise_postcode(text: str) -> str:
    """ "ls61aa" -> "LS6 1AA"; BadPostcode if it is not a full UK postcode."""
    match = _POSTCODE.match(text.strip().upper().replace(" ", ""))
    if not match:
        raise BadPostcode(f"{text!r} is not a UK postcode (e.g. LS6 1AA)")
    return f"{match.group(1)} {match.group(2)}"


def postcode_or_none(text: str | None) -> str | None:
    try:
        return normalise_postcode(text) if text else None
    except BadPostcode:
        return None


def district(text: str) -> str:
    """The outward code of a postcode or district ("LS6 1AA" -> "LS6", "ls6" -> "LS6")."""
    cleaned = text.strip().upper()
    if _DISTRICT.match(cleaned):
        return cleaned
    return normalise_postcode(cleaned).split(" ")[0]


def sector(postcode: str) -> str:
    """ "LS6 1AA" -> "LS6 1"."""
    return normalise_postcode(postcode)[:-2]


def distance_m(a: Point, b: Point) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def bounding_box(centre: Point, radius_m: float) -> tuple[Point, Point]:
    """South-west and north-east corners of a box holding every point within `radius_m`."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    shrink = max(math.cos(math.radians(centre.latitude)), 1e-6)
    dlon = min(math.degrees(radius_m / (EARTH_RADIUS_M * shrink)), 180.0)
    return (
        Point(centre.latitude - dlat, centre.longitude - dlon),
        Point(centre.latitude + dlat, centre.longitude + dlon),
    )
