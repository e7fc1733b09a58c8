"""What the journey page's forms post, read into the journey service's bodies; the console's
own NHS.UK messages; each error on the element of the form it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from linkwork_console.domain import journey_forms as forms
from linkwork_console.domain.forms import FieldError, FormState

NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


@dataclass
class Posted:
    """A posted form, as the api's `Posted` reads it."""

    fields: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0].strip() if values else default

    def getlist(self, name: str) -> list[str]:
        return [v.strip() for v in self.fields.get(name, []) if v.strip()]


def posted(**values: str | list[str]) -> Posted:
    return Posted(
        {k.replace("__", "-"): v if isinstance(v, list) else [v] for k, v in values.items()}
    )


def test_a_date_comes_from_the_three_boxes() -> None:
    form = posted(occurred_on__day="3", occurred_on__month="12", occurred_on__year="2026")
    assert forms.date_from(form, "occurred_on", "the date", required=True) == date(2026, 12, 3)


def test_a_date_says_what_is_missing_or_wrong() -> None:
    def wrong(**boxes: str) -> str:
        found = forms.date_from(posted(**boxes), "d", "the date of the contact", required=True)
        assert isinstance(found, FieldError)
        return found.message

    assert wrong() == "Enter the date of the contact"
    assert wrong(d__day="3", d__year="2026") == "The date of the contact must include a month"
    assert (
        wrong(d__day="31", d__month="2", d__year="2026")
        == "The date of the contact must be a real date"
    )
    assert "real date" in wrong(d__day="a", d__month="2", d__year="26")


def test_an_optional_date_left_empty_is_none() -> None:
    assert forms.date_from(posted(), "target_date", "the target date", required=False) is None


def test_times_are_read_as_people_type_them() -> None:
    assert forms.time_from("10:30") == time(10, 30)
    assert forms.time_from("10.30") == time(10, 30)
    assert forms.time_from("2pm") == time(14, 0)
    assert forms.time_from("2:30 PM") == time(14, 30)
    assert forms.time_from("12pm") == time(12, 0)
    assert forms.time_from("12am") == time(0, 0)
    assert forms.time_from("10") is None  # morning or evening?
    assert forms.time_from("25:00") is None
    assert forms.time_from("13pm") is None


def test_what_matters_takes_the_needs_ticked_with_their_priorities_and_barriers_a_line() -> None:
    parsed = forms.assessment(
        posted(
            needs=["loneliness", "housing", "astrology"],
            priority__loneliness="high",
            barriers="no transport\n\n  worried about money ",
        )
    )
    assert parsed.errors == []
    assert parsed.body == {
        "needs": [
            {"domain": "loneliness", "priority": "high"},
            {"domain": "housing", "priority": "medium"},
        ],
        "barriers": ["no transport", "worried about money"],
    }


def test_what_matters_needs_one_need() -> None:
    parsed = forms.assessment(posted(barriers="no transport"))
    assert parsed.errors == [FieldError("needs", "Choose at least one thing that matters to them")]


def test_a_goal_needs_words_and_a_real_target_date_if_any() -> None:
    parsed = forms.goal(
        posted(
            description="", target_date__day="30", target_date__month="2", target_date__year="2027"
        )
    )
    assert [e.field for e in parsed.errors] == ["description", "target_date"]
    ok = forms.goal(
        posted(
            description="Walk on Tuesdays",
            need_domain="physical_activity",
            target_date__day="28",
            target_date__month="2",
            target_date__year="2027",
        )
    )
    assert ok.body == {
        "description": "Walk on Tuesdays",
        "need_domain": "physical_activity",
        "target_date": "2027-02-28",
    }


def test_moving_a_goal_on_asks_for_a_note_or_a_reason() -> None:
    assert forms.goal_note(posted(), "progress").errors[0].field == "note"
    assert forms.goal_note(posted(), "achieve").errors == []
    assert forms.goal_note(posted(reason="Moved away"), "abandon").body == {"reason": "Moved away"}


def test_a_contact_is_in_the_past_with_whole_minutes() -> None:
    parsed = forms.contact(
        posted(
            mode="phone",
            occurred_on__day="4",
            occurred_on__month="12",
            occurred_on__year="2026",
            duration_minutes="ten",
            attended="yes",
        ),
        TODAY,
    )
    assert [e.field for e in parsed.errors] == ["occurred_on", "duration_minutes"]


def test_a_contact_did_not_attend_against_a_booked_appointment() -> None:
    parsed = forms.contact(
        posted(
            mode="home_visit",
            occurred_on__day="3",
            occurred_on__month="12",
            occurred_on__year="2026",
            attended="no",
            appointment_id="a-1",
            notes="Not in",
        ),
        TODAY,
    )
    assert parsed.errors == []
    assert parsed.body == {
        "mode": "home_visit",
        "occurred_on": "2026-12-03",
        "attended": False,
        "notes": "Not in",
        "appointment_id": "a-1",
    }


def test_an_appointment_is_sent_in_uk_time_with_its_offset() -> None:
    winter = forms.appointment(
        posted(
            scheduled_for__day="10",
            scheduled_for__month="12",
            scheduled_for__year="2026",
            time="10:30",
            mode="face_to_face",
            location="Hyde Park Surgery, room 2",
            duration_minutes="45",
        ),
        NOW,
    )
    assert winter.errors == []
    assert winter.body == {
        "scheduled_for": "2026-12-10T10:30:00+00:00",
        "mode": "face_to_face",
        "duration_minutes": 45,
        "location": "Hyde Park Surgery, room 2",
    }
    summer = forms.appointment(
        posted(
            scheduled_for__day="1",
            scheduled_for__month="7",
            scheduled_for__year="2027",
            time="2pm",
            mode="phone",
        ),
        NOW,
    )
    assert summer.body["scheduled_for"] == "2027-07-01T14:00:00+01:00"


def test_an_appointment_refuses_the_past_a_bad_time_and_a_place_for_a_call() -> None:
    parsed = forms.appointment(
        posted(
            scheduled_for__day="1",
            scheduled_for__month="12",
            scheduled_for__year="2026",
            time="9:00",
            mode="phone",
            location="Surgery",
        ),
        NOW,
    )
    assert [e.field for e in parsed.errors] == ["scheduled_for", "location"]
    assert forms.appointment(posted(time="soon", mode="video"), NOW).errors[1].field == "time"


def test_closing_needs_a_reason_from_the_list() -> None:
    assert forms.closing(posted(reason="bored")).errors[0].field == "reason"
    assert forms.closing(posted(reason="moved_away")).body == {"reason": "moved_away"}


def test_errors_are_named_by_the_element_of_the_form_they_came_from() -> None:
    state = FormState(
        values={},
        errors=[FieldError("items.anxiety", "Choose"), FieldError(None, "It is closed")],
        name="measure-ONS4",
    )
    shown = forms.ids_of(state)
    assert [e.field for e in shown.errors] == ["measure-ONS4-items-anxiety", "measure-ONS4"]
    assert shown.summary()[0]["href"] == "#measure-ONS4-items-anxiety"


def test_the_page_forms_give_back_what_was_typed_only_to_the_form_that_failed() -> None:
    state = forms.ids_of(
        FormState(
            values={"note": "typed"}, errors=[FieldError("note", "Too long")], name="progress-g1"
        )
    )
    page = forms.PageForms(state)
    assert page.value("progress-g1", "note") == "typed"
    assert page.value("progress-g2", "note", "") == ""
    assert page.error("progress-g1", "note") == {"text": "Too long"}
    assert page.error("progress-g2", "note") is None
    assert page.id("book", "scheduled_for") == "book-scheduled_for"


def test_what_matters_starts_from_the_last_assessment_or_what_was_typed() -> None:
    journey = {"assessments": [{"needs": [{"domain": "loneliness", "priority": "high"}]}]}
    assert forms.ticked_needs(FormState(), journey) == {"loneliness": "high"}
    typed = FormState(values={"needs": "housing", "priority-housing": "low"}, name="assess")
    assert forms.ticked_needs(typed, journey) == {"housing": "low"}
    assert forms.ticked_needs(FormState(), {}) == {}
