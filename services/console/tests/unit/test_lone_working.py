"""Lone working on the journey page: which appointments are checked in to, each visit's state
in UK time, the check-in's "expected to finish by" time, and what the page shows in each state
(a "Check in" form; checked in with "Check out"; overdue with the NHS.UK warning; out)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from linkwork_console.app import templates
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.journey_forms import PageForms, ids_of
from linkwork_console.domain.journey_times import appointments_of
from linkwork_console.domain.lone_working import check_in, visit_of, visits_of

NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)  # 10am in London (winter)


class Posted(dict[str, str]):
    def get(self, name: str, default: str = "") -> str:  # type: ignore[override]
        return super().get(name, default)

    def getlist(self, name: str) -> list[str]:
        return [self[name]] if name in self else []


def appointment(appointment_id: str = "apt-1", **fields: Any) -> dict[str, Any]:
    return {
        "appointment_id": appointment_id,
        "scheduled_for": "2026-12-04T10:00:00+00:00",
        "mode": "home_visit",
        "status": "scheduled",
        "duration_minutes": 45,
        **fields,
    }


def visit(status: str, **more: str) -> dict[str, str]:
    return {
        "status": status,
        "checked_in_at": "2026-12-04T10:02:00+00:00",
        "expected_end": "2026-12-04T11:00:00+00:00",
        **more,
    }


def test_only_booked_home_visits_and_face_to_face_appointments_are_checked_in_to() -> None:
    journey = {
        "appointments": [
            appointment("home"),
            appointment("face", mode="face_to_face"),
            appointment("call", mode="phone"),
            appointment("group", mode="group"),
            appointment("gone", status="cancelled"),
        ]
    }
    assert sorted(visits_of(journey)) == ["face", "home"]
    assert visits_of(journey)["home"].status == "not_in"


def test_a_visit_checked_in_reads_in_uk_time_and_offers_check_out() -> None:
    found = visit_of(appointment(lone_working=visit("in")))
    assert found is not None and found.is_in
    assert (found.checked_in, found.expected_out) == ("10:02am", "11am")
    summer = visit_of(appointment(lone_working=visit("in", checked_in_at="2026-07-04T13:05:00Z")))
    assert summer is not None and summer.checked_in == "2:05pm"


def test_a_visit_checked_out_is_out_even_once_its_appointment_is_held() -> None:
    out = visit("out", checked_out_at="2026-12-04T10:50:00+00:00")
    found = visit_of(appointment(status="held", lone_working=out))
    assert found is not None and found.status == "out" and not found.is_in
    assert found.checked_out == "10:50am"


def test_no_time_typed_sends_no_expected_end_so_the_visit_lasts_as_booked() -> None:
    parsed = check_in(Posted(), NOW)
    assert parsed.errors == [] and parsed.body == {}


def test_the_time_to_finish_by_is_uk_time_with_its_offset() -> None:
    assert check_in(Posted(expected_end="11:30"), NOW).body == {
        "expected_end": "2026-12-04T11:30:00+00:00"
    }
    summer = datetime(2026, 7, 4, 9, 0, tzinfo=UTC)  # 10am BST
    assert check_in(Posted(expected_end="2pm"), summer).body == {
        "expected_end": "2026-07-04T14:00:00+01:00"
    }


def test_a_visit_past_midnight_finishes_tomorrow() -> None:
    late = datetime(2026, 12, 4, 22, 30, tzinfo=UTC)
    assert check_in(Posted(expected_end="0:30"), late).body == {
        "expected_end": "2026-12-05T00:30:00+00:00"
    }


def test_a_time_that_is_not_one_or_more_than_12_hours_away_is_refused_on_the_field() -> None:
    assert check_in(Posted(expected_end="soon"), NOW).errors == [
        FieldError("expected_end", "Enter the time you expect to finish, like 11:30 or 2pm")
    ]
    earlier = check_in(Posted(expected_end="9:30"), NOW)  # already past: tomorrow is too far
    assert [e.field for e in earlier.errors] == ["expected_end"]
    assert "within 12 hours" in earlier.errors[0].message


def section(journey_appointments: list[dict[str, Any]], form: FormState | None = None) -> str:
    journey = {"journey_id": "jny-1", "appointments": journey_appointments}
    state = form or FormState()
    return (
        templates()
        .get_template("journey/lone_working.html")
        .render(
            journey=journey,
            appointments=appointments_of(journey),
            visits=visits_of(journey),
            is_open=True,
            f=PageForms(state),
            csrf_token="t0k3n",
        )
    )


def test_a_visit_not_checked_in_has_the_check_in_form_with_the_form_token() -> None:
    html = section([appointment()])
    assert 'action="/journeys/jny-1/appointments/apt-1/check-in"' in html
    assert "Check in" in html and "Expected to finish by (optional)" in html
    assert "as long as booked (45 minutes)" in html
    assert 'value="t0k3n"' in html
    assert "check-out" not in html


def test_checked_in_shows_the_times_and_check_out() -> None:
    html = section([appointment(lone_working=visit("in"))])
    assert "Checked in at 10:02am, expected out by 11am" in html
    assert 'action="/journeys/jny-1/appointments/apt-1/check-out"' in html
    assert "/check-in" not in html and "nhsuk-card--warning" not in html


def test_overdue_warns_that_the_manager_has_been_alerted() -> None:
    html = section([appointment(lone_working=visit("overdue"))])
    assert "nhsuk-card--warning" in html
    assert "Your manager has been alerted: check out as soon as you are safe" in html
    assert "/check-out" in html


def test_checked_out_says_when_and_offers_nothing_more() -> None:
    out = visit("out", checked_out_at="2026-12-04T10:50:00+00:00")
    html = section([appointment(lone_working=out)])
    assert "Checked out at 10:50am" in html
    assert "<form" not in html


def test_a_call_has_no_lone_working_at_all() -> None:
    assert "Lone working" not in section([appointment(mode="phone")])


def test_a_refused_check_in_shows_its_message_at_the_field() -> None:
    wrong = FieldError("expected_end", "The time you expect to finish must be later than now")
    state = ids_of(FormState(values={"expected_end": "9"}, errors=[wrong], name="check-in-apt-1"))
    html = section([appointment()], state)
    assert "The time you expect to finish must be later than now" in html
    assert 'value="9"' in html
