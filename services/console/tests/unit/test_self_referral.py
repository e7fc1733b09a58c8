"""The public self-referral form's rules: what it sends (the date of birth from its three
boxes, nothing for a question left blank, the honeypot as typed, the form's own id kept), and
how each of the referral service's answers comes back to the person."""

from __future__ import annotations

from linkwork_console.api.deps import Posted
from linkwork_console.domain import self_referral as form


def posted(**fields: str | list[str]) -> Posted:
    return Posted({k: v if isinstance(v, list) else [v] for k, v in fields.items()})


def filled(**changes: str | list[str]) -> Posted:
    answers: dict[str, str | list[str]] = {
        "form_id": "a1b2c3d4-0000-4000-8000-000000000000",
        "given_name": "Maud",
        "family_name": "Pemberton-Hale",
        "birth_date-day": "9",
        "birth_date-month": "3",
        "birth_date-year": "1956",
        "postcode": "LS6 2QR",
        "phone": "",
        "website": "",
        "needs": ["loneliness", "housing"],
        "help_with": "I feel alone",
        "consent_to_contact": "yes",
    }
    return posted(**(answers | changes))


def test_the_form_sends_the_date_of_birth_from_its_boxes_and_leaves_out_blank_questions() -> None:
    sent = form.prepared(filled()).body
    assert sent == {
        "given_name": "Maud",
        "family_name": "Pemberton-Hale",
        "birth_date": "1956-03-09",
        "postcode": "LS6 2QR",
        "needs": ["loneliness", "housing"],
        "help_with": "I feel alone",
        "consent_to_contact": True,
        "form_id": "a1b2c3d4-0000-4000-8000-000000000000",
    }


def test_a_filled_honeypot_is_sent_for_the_service_to_recognise_and_no_consent_is_false() -> None:
    sent = form.prepared(filled(website="http://spam.example", consent_to_contact="")).body
    assert sent["website"] == "http://spam.example"
    assert sent["consent_to_contact"] is False


def test_a_form_without_a_usable_id_is_given_one_and_keeps_it_when_shown_again() -> None:
    made = form.prepared(filled(form_id="<script>"))
    assert made.body["form_id"] != "<script>" and form.is_reference(made.body["form_id"])
    assert made.values["form_id"] == made.body["form_id"]


def test_the_services_field_errors_are_shown_with_the_date_boxes_own_words() -> None:
    made = form.prepared(filled(given_name="", **{"birth_date-month": "13"}))
    answer = {
        "error": "form_invalid",
        "errors": [
            {"field": "given_name", "message": "Enter your first name"},
            {"field": "birth_date", "message": "Enter your date of birth as a real date"},
            {"field": "contact", "message": "Tell us at least one way to reach you"},
        ],
    }
    state = form.refused(made, answer)
    assert [(e.field, e.message) for e in state.errors] == [
        ("given_name", "Enter your first name"),
        ("birth_date", "Your date of birth must be a real date"),
        ("contact", "Tell us at least one way to reach you"),
    ]
    assert state.values["family_name"] == "Pemberton-Hale"  # what was typed, kept
    assert state.values["needs"] == ["loneliness", "housing"]
    links = {item["href"] for item in state.summary(form.ANCHORS)}
    assert links == {"#given_name", "#birth_date-day", "#phone"}


def test_too_many_forms_says_how_long_to_wait() -> None:
    assert "Wait 42 seconds" in form.too_often("42")
    assert "Wait a minute" in form.too_often(None)
