"""Pure rules about places and times: postcodes, distances, the National Grid, centroid files,
opening days and times."""

from __future__ import annotations

import pytest

from linkwork_directory.dev.demo_directory import sample_postcodes
from linkwork_directory.domain.geo import (
    BadPostcode,
    Point,
    bounding_box,
    distance_m,
    district,
    normalise_postcode,
    sector,
)
from linkwork_directory.domain.osgb import grid_to_osgb36, grid_to_wgs84
from linkwork_directory.domain.postcode_file import BadPostcodeFile, read_centroids
from linkwork_directory.domain.schedule import BadSchedule, days_of, hhmmss, parse_day

CITY_HALL = Point(53.8018, -1.5486)


def test_postcodes_are_normalised_and_split_into_sector_and_district() -> None:
    assert normalise_postcode(" ls61aa ") == "LS6 1AA"
    assert sector("LS6 1AA") == "LS6 1" and district("ls6 1aa") == "LS6"
    assert district("LS27") == "LS27"
    with pytest.raises(BadPostcode, match="not a UK postcode"):
        normalise_postcode("LS6")


def test_distances_and_boxes_agree() -> None:
    roundhay = Point(53.8331, -1.4991)
    metres = distance_m(CITY_HALL, roundhay)
    assert 4700 < metres < 4850
    south_west, north_east = bounding_box(CITY_HALL, metres)
    assert south_west.latitude < roundhay.latitude < north_east.latitude
    assert south_west.longitude < roundhay.longitude < north_east.longitude
    assert Point.valid(100, 101) is None and Point.valid(None, 1) is None


def test_national_grid_converts_as_in_the_ordnance_survey_worked_example() -> None:
    latitude, longitude = grid_to_osgb36(651409.903, 313177.270)  # Caister water tower
    assert latitude == pytest.approx(52.657570301, abs=1e-8)  # 52°39'27.2531"N
    assert longitude == pytest.approx(1.717921581, abs=1e-8)  # 1°43'4.5177"E
    wgs84 = grid_to_wgs84(651409.903, 313177.270)
    assert distance_m(wgs84, Point(52.658008, 1.716074)) < 6  # ETRS89 in the guide


def test_onspd_and_code_point_open_files_both_read_into_centroids() -> None:
    onspd = [
        "pcd,pcds,lat,long",
        "LS1 1UR,LS1 1UR,53.8018,-1.5486",
        "LS9 9ZZ,LS9 9ZZ,99.999999,0.000000",
        "bad,bad,1,1",
    ]
    code_point = ['"LS1 1UR",10,429900,433900,"E92000001","","E08000035","E05001420"']
    from_onspd = list(read_centroids(onspd))
    from_code_point = list(read_centroids(code_point))
    assert [c["_id"] for c in from_onspd] == ["LS1 1UR"]  # no grid reference, bad: skipped
    assert from_onspd[0]["district"] == "LS1" and from_onspd[0]["sector"] == "LS1 1"
    point = Point(from_code_point[0]["latitude"], from_code_point[0]["longitude"])
    assert distance_m(point, CITY_HALL) < 1000
    with pytest.raises(BadPostcodeFile, match="lat/long"):
        list(read_centroids(["pcds,quality", "LS1 1UR,1"]))


def test_the_shipped_sample_covers_every_leeds_district() -> None:
    districts = {c["district"] for c in read_centroids(sample_postcodes())}
    assert districts == {f"LS{n}" for n in range(1, 30)}


def test_days_and_times_are_read_as_link_workers_write_them() -> None:
    assert parse_day("Tuesday") == "TU" and parse_day("mo") == "MO"
    assert days_of("2MO,-1FR, TH") == ["MO", "FR", "TH"]
    assert hhmmss("9:30") == "09:30:00"
    with pytest.raises(BadSchedule):
        parse_day("someday")
    with pytest.raises(BadSchedule):
        hhmmss("25:00")
