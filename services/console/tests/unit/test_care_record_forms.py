"""What the journey page's risk-flag and case-note forms post, read into the journey
service's bodies; the console's own NHS.UK messages for what it can already tell is wrong."""

from __future__ import annotations

from datetime import date, timedelta

from linkwork_console.domain import care_record_forms as forms
from linkwork_console.domain import journey_forms
from linkwork_console.domain.forms import FieldError, FormState

from .test_journey_forms import posted

TODAY = date(2026, 12, 3)


def boxes(name: str, day: date) -> dict[str, str]:
    """An NHS.UK date input's three boxes."""
    return {
        f"{name}__day": str(day.day),
        f"{name}__month": str(day.month),
        f"{name}__year": str(day.year),
    }


def messages(parsed: journey_forms.Parsed) -> dict[str | None, str]:
    return {e.field: e.message for e in parsed.errors}


def test_a_do_not_visit_alone_flag_is_sent_with_no_communication_needs() -> None:
    parsed = forms.risk_flag(
        posted(
            kind="do_not_visit_alone",
            description="Aggressive relative at the address",
            **boxes("review_on", date(2027, 3, 1)),
        ),
        TODAY,
    )
    assert parsed.errors == []
    assert parsed.body == {
        "kind": "do_not_visit_alone",
        "communication": [],
        "description": "Aggressive relative at the address",
        "review_on": "2027-03-01",
    }


def test_communication_needs_say_which_and_only_that_kind_sends_them() -> None:
    needs = forms.risk_flag(
        posted(
            kind="communication_needs",
            communication=["interpreter", "sight", "telepathy"],
            description="Speaks Polish; large print letters",
            **boxes("review_on", TODAY),
        ),
        TODAY,
    )
    assert needs.errors == []
    assert needs.body["communication"] == ["interpreter", "sight"]
    # Boxes ticked before the kind was changed are left behind, not refused by the service.
    other = forms.risk_flag(
        posted(
            kind="lone_working",
            communication=["hearing"],
            description="Remote farm",
            **boxes("review_on", TODAY),
        ),
        TODAY,
    )
    assert other.body["communication"] == []
    none_ticked = forms.risk_flag(
        posted(kind="communication_needs", description="Deaf", **boxes("review_on", TODAY)),
        TODAY,
    )
    assert messages(none_ticked) == {"communication": "Choose which communication needs they have"}


def test_an_empty_flag_form_names_every_field_it_needs() -> None:
    assert messages(forms.risk_flag(posted(), TODAY)) == {
        "kind": "Choose what kind of risk or need it is",
        "description": "Enter what the risk is and what to do about it",
        "review_on": "Enter the review date",
    }


def test_a_review_date_is_today_or_later_and_within_a_year() -> None:
    def review(day: date) -> dict[str | None, str]:
        form = posted(kind="other", description="Stairs unlit", **boxes("review_on", day))
        return messages(forms.risk_flag(form, TODAY))

    assert review(TODAY) == {}
    assert review(TODAY + forms.LONGEST_REVIEW) == {}
    assert review(TODAY - timedelta(days=1)) == {
        "review_on": "The review date must be today or in the future"
    }
    assert review(TODAY + forms.LONGEST_REVIEW + timedelta(days=1)) == {
        "review_on": "The review date must be within a year from today"
    }
    half = posted(kind="other", description="x", review_on__day="3", review_on__year="2027")
    assert messages(forms.risk_flag(half, TODAY)) == {
        "review_on": "The review date must include a month"
    }


def test_a_description_longer_than_the_service_keeps_is_refused_here() -> None:
    form = posted(kind="other", description="x" * 1001, **boxes("review_on", TODAY))
    assert messages(forms.risk_flag(form, TODAY)) == {
        "description": "The description must be 1000 characters or fewer"
    }


def test_a_review_needs_what_was_found_and_the_next_date() -> None:
    kept = forms.flag_review(
        posted(note="Dog rehomed, visit in pairs still", **boxes("next_review_on", TODAY)), TODAY
    )
    assert kept.errors == []
    assert kept.body == {
        "note": "Dog rehomed, visit in pairs still",
        "next_review_on": "2026-12-03",
    }
    assert messages(forms.flag_review(posted(), TODAY)) == {
        "note": "Enter what you found when you reviewed it",
        "next_review_on": "Enter the review date",
    }


def test_removing_a_flag_needs_a_reason() -> None:
    assert forms.flag_removal(posted(reason="Moved to sheltered housing")).body == {
        "reason": "Moved to sheltered housing"
    }
    assert messages(forms.flag_removal(posted(reason="  "))) == {
        "reason": "Enter why the flag no longer applies"
    }


def test_a_note_is_restricted_only_when_ticked() -> None:
    open_note = forms.note(posted(category="phone_call", text="Rang; all well"))
    assert open_note.errors == []
    assert open_note.body == {
        "category": "phone_call",
        "text": "Rang; all well",
        "restricted": False,
    }
    restricted = forms.note(posted(category="safeguarding", text="Disclosed", restricted="yes"))
    assert restricted.body["restricted"] is True
    assert messages(forms.note(posted(category="gossip"))) == {
        "category": "Choose what the note is about",
        "text": "Enter the note",
    }
    too_long = forms.note(posted(category="other", text="x" * 8001))
    assert messages(too_long) == {"text": "The note must be 8000 characters or fewer"}


def test_a_correction_sends_its_text_category_and_restriction_as_now_chosen() -> None:
    corrected = forms.correction(posted(text="Rang on Tuesday", category="phone_call"))
    assert corrected.body == {
        "text": "Rang on Tuesday",
        "category": "phone_call",
        "restricted": False,
    }
    kept = forms.correction(posted(text="Rang", category="", restricted="yes"))
    assert kept.body == {"text": "Rang", "category": None, "restricted": True}  # None: keep
    assert messages(forms.correction(posted())) == {"text": "Enter the corrected note"}


def test_each_error_points_at_its_field_in_the_form_it_came_from() -> None:
    state = FormState(
        errors=[FieldError("review_on", "Enter the review date"), FieldError(None, "Closed")],
        name="flag",
    )
    named = journey_forms.ids_of(state)
    assert [e.field for e in named.errors] == ["flag-review_on", "flag"]
    correcting = journey_forms.ids_of(
        FormState(errors=[FieldError("text", "x")], name="correct-n1")
    )
    assert correcting.errors[0].field == "correct-n1-text"
