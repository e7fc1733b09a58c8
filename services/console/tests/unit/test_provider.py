"""The provider's inbox and answers: what is waiting and for how long, what the forms accept."""

from __future__ import annotations

from datetime import UTC, date, datetime

from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.provider import (
    attendance_day,
    capacity_total,
    history_of,
    inbox_of,
    need_words,
    places_of,
    row_of,
    time_left,
)

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def link(**fields: object) -> dict[str, object]:
    return {
        "link_id": "link-1",
        "service_name": "Roundhay Park Health Walk",
        "need_domain": "physical_activity",
        "note": "Mornings suit her",
        "status": "pending",
        "linked_at": "2026-12-03T09:00:00Z",
        "expires_at": "2026-12-17T09:00:00Z",
        "attendances": [],
        **fields,
    }


def test_a_pending_link_says_how_many_days_are_left_to_answer() -> None:
    assert time_left("2026-12-17T09:00:00Z", NOW) == "14 days left"
    assert time_left("2026-12-04T09:00:00Z", NOW) == "1 day left"
    assert time_left("2026-12-03T18:00:00Z", NOW) == "Expires today"
    assert time_left("2026-12-03T11:00:00Z", NOW) == "Expired"


def test_a_link_about_to_expire_is_flagged_and_one_with_time_is_not() -> None:
    assert row_of(link(expires_at="2026-12-04T09:00:00Z"), NOW).expiring_soon
    assert not row_of(link(), NOW).expiring_soon


def test_the_row_shows_the_need_and_what_the_link_worker_wrote() -> None:
    row = row_of(link(), NOW)
    assert (row.need, row.note, row.referred) == (
        "Physical activity",
        "Mornings suit her",
        "3 December 2026",
    )
    assert row.href == "/provider/links/link-1"


def test_links_waiting_for_an_answer_come_soonest_to_expire_first() -> None:
    later = link(link_id="later", expires_at="2026-12-17T09:00:00Z")
    sooner = link(link_id="sooner", expires_at="2026-12-05T09:00:00Z")
    attending = link(link_id="a", status="attending", attendances=["2026-12-01"])
    inbox = inbox_of([later, sooner], [], [attending], NOW)
    assert [r.link_id for r in inbox.pending] == ["sooner", "later"]
    assert inbox.attending[0].sessions == 1 and inbox.attending[0].time_left == ""


def test_the_history_says_what_happened_with_its_reason() -> None:
    lines = history_of(
        link(
            history=[
                {"event": "ServiceLinked", "at": "2026-12-03T09:00:00Z", "by": "lw-amina"},
                {"event": "decline", "at": "2026-12-03T10:00:00Z", "reason": "Full until March"},
            ]
        )
    )
    assert [line.what for line in lines] == ["Referred to you", "Declined: Full until March"]
    assert lines[0].at == "3 December 2026 at 09:00"


def test_places_empty_means_not_counted_and_a_number_is_taken_as_typed() -> None:
    assert capacity_total("") is None
    assert capacity_total(" 12 ") == 12
    assert capacity_total("0") == 0


def test_places_that_are_not_a_whole_number_are_refused_in_words() -> None:
    for typed in ("lots", "-1", "2.5"):
        refused = capacity_total(typed)
        assert isinstance(refused, FieldError) and refused.field == "capacity_total"


def test_an_attendance_day_left_empty_is_today_and_a_typed_one_is_that_day() -> None:
    assert attendance_day("", "", "") is None
    assert attendance_day("3", "12", "2026") == date(2026, 12, 3)


def test_an_attendance_day_half_typed_or_impossible_is_refused() -> None:
    half = attendance_day("3", "", "2026")
    impossible = attendance_day("31", "2", "2026")
    assert isinstance(half, FieldError) and "day, month and year" in half.message
    assert isinstance(impossible, FieldError) and impossible.message == "Enter a real date"


def test_a_service_says_its_places_and_withdrawn_ones_come_last() -> None:
    answer = {
        "items": [
            {"service_id": "w", "name": "Old walk", "withdrawn": True, "capacity_total": None},
            {
                "service_id": "s",
                "name": "Walk",
                "capacity_total": 12,
                "capacity_available": 3,
                "places_in_use": 9,
            },
            {"service_id": "n", "name": "Open walk", "capacity_total": None},
        ]
    }
    places = places_of(answer)
    assert [p.service_id for p in places] == ["s", "n", "w"]
    assert places[0].places == "3 of 12 free" and places[1].places == "Not counted"


def test_need_domains_read_as_words() -> None:
    assert need_words("money_and_debt") == "Money and debt"
    assert need_words(None) == "Not said"
