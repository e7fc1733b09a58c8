"""Postcode centroid files as published: the ONS Postcode Directory / NSPL (a header with
`pcds` or `pcd`, `lat`, `long`) or OS Code-Point Open (no header; postcode, quality,
eastings, northings, ...), read row by row into centroid records."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from linkwork_directory.domain.geo import BadPostcode, Point, normalise_postcode
from linkwork_directory.domain.osgb import grid_to_wgs84

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2", "postcode")
LATITUDE_COLUMNS = ("lat", "latitude")
LONGITUDE_COLUMNS = ("long", "longitude", "lon")
EASTING_COLUMNS = ("oseast1m", "eastings", "easting")
NORTHING_COLUMNS = ("osnrth1m", "northings", "northing")


class BadPostcodeFile(ValueError):
    pass


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    return next((lowered.index(n) for n in names if n in lowered), None)


def centroid(postcode: str, point: Point, source: str) -> dict[str, Any]:
    code = normalise_postcode(postcode)
    outward = code.split(" ")[0]
    return {
        "_id": code,
        "district": outward,
        "sector": code[:-2],
        "latitude": point.latitude,
        "longitude": point.longitude,
        "source": source,
    }


def read_centroids(lines: Iterable[str], source: str = "file") -> Iterator[dict[str, Any]]:
    """Centroids of every row with a valid postcode and position (others are skipped, e.g.
    ONSPD's 99.999999 for a postcode without a grid reference)."""
    rows: Iterator[list[str]] = csv.reader(lines)
    first = next(rows, None)
    if first is None:
        return
    pc, lat, lon = (
        _column(first, c) for c in (POSTCODE_COLUMNS, LATITUDE_COLUMNS, LONGITUDE_COLUMNS)
    )
    east, north = _column(first, EASTING_COLUMNS), _column(first, NORTHING_COLUMNS)
    if pc is None:  # Code-Point Open: no header row
        pc, east, north, lat = 0, 2, 3, None
        rows = _chain(first, rows)
    elif lat is None and (east is None or north is None):
        raise BadPostcodeFile(
            "the header names a postcode column but neither lat/long nor eastings/northings columns"
        )
    for row in rows:
        try:
            if lat is not None and lon is not None:
                point = Point.valid(float(row[lat]), float(row[lon]))
            else:
                assert east is not None and north is not None
                point = grid_to_wgs84(float(row[east]), float(row[north]))
            if point is not None and (point.latitude, point.longitude) != (0.0, 0.0):
                yield centroid(row[pc], point, source)
        except (BadPostcode, ValueError, IndexError):
            continue


def _chain(first: list[str], rest: Iterator[list[str]]) -> Iterator[list[str]]:
    yield first
    yield from rest
