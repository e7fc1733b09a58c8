"""Finding a person: the search as typed, the referral service's answer as the page's rows
(NHS number 3-3-4, born and age, status in words, links to the referral and journey, risk
flags, how many referrals), and its refusals as the field's error."""

from __future__ import annotations

from datetime import date
from typing import Any

from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.person_search import (
    Search,
    age_on,
    checked,
    found_of,
    row_of,
    scope_of,
    search_errors,
    search_of,
)

TODAY = date(2026, 12, 3)


def referral(referral_id: str, status: str, **fields: Any) -> dict[str, Any]:
    return {
        "referral_id": referral_id,
        "status": status,
        "received_at": "2026-11-20T09:30:00Z",
        "link_worker_id": "lw-amina",
        "team_id": "leeds-north",
        "journey_id": None,
        "referrer": "Burley Park Medical Centre",
        **fields,
    }


def item(**fields: Any) -> dict[str, Any]:
    open_one = referral("ref-2", "accepted", journey_id="jny-9")
    return {
        "risk_flags": [
            {"flag_id": "f1", "kind": "do_not_visit_alone", "description": "Visit in pairs"},
            {"flag_id": "f2", "kind": "communication_needs", "communication": ["interpreter"]},
            {"flag_id": "f3", "kind": "do_not_visit_alone", "description": "A dog"},
        ],
        "person": {
            "given_name": "Amina",
            "family_name": "Patel",
            "birth_date": "1950-03-14",
            "nhs_number": "9434765919",
            "postcode": "LS6 1AA",
        },
        "open_referral": open_one,
        "referrals": [open_one, referral("ref-1", "closed", received_at="2025-01-02T10:00:00Z")],
        **fields,
    }


def test_a_person_reads_as_the_nhs_writes_them_with_her_age_today() -> None:
    row = row_of(item(), TODAY)
    assert row.name == "Amina Patel"
    assert row.nhs_number == "943 476 5919"
    assert (row.born, row.age) == ("14 March 1950", 76)
    assert row.postcode == "LS6 1AA"
    assert row.referrals_words == "2 referrals"


def test_her_age_turns_on_her_birthday_not_before() -> None:
    born = date(1950, 3, 14)
    assert age_on(born, date(2026, 3, 13)) == 75
    assert age_on(born, date(2026, 3, 14)) == 76
    assert age_on(None, TODAY) is None


def test_the_open_referral_is_shown_in_words_with_links_to_it_and_its_journey() -> None:
    link = row_of(item(), TODAY).referral
    assert link is not None
    assert link.status == ("Accepted", "nhsuk-tag--green")
    assert link.is_open and link.received == "20 November 2026"
    assert link.href == "/referrals/ref-2"
    assert link.journey_href == "/journeys/jny-9"


def test_a_referral_whose_journey_has_not_started_has_no_journey_link() -> None:
    waiting = referral("ref-3", "assigned")
    link = row_of(item(open_referral=waiting, referrals=[waiting]), TODAY).referral
    assert link is not None and link.journey_href is None
    assert link.status[0] == "Assigned"


def test_with_no_referral_open_the_latest_is_shown_as_not_open() -> None:
    ended = [referral("ref-5", "closed", journey_id="jny-5"), referral("ref-4", "declined")]
    row = row_of(item(open_referral=None, referrals=ended, risk_flags=[]), TODAY)
    assert row.referral is not None
    assert (row.referral.referral_id, row.referral.is_open) == ("ref-5", False)
    assert row.referral.status[0] == "Closed"
    assert row.flags == []


def test_a_practice_is_sent_to_its_own_referral_page_and_never_to_a_journey() -> None:
    link = row_of(item(), TODAY, practice=True).referral
    assert link is not None
    assert link.href == "/practice/referrals/ref-2"
    assert link.journey_href is None


def test_each_kind_of_active_risk_flag_is_one_tag_in_the_order_raised() -> None:
    assert row_of(item(), TODAY).flags == ["Do not visit alone", "Communication needs"]


def test_missing_details_say_so_rather_than_leave_a_gap() -> None:
    bare = item(person={"given_name": "Sam", "family_name": None}, referrals=[])
    row = row_of({**bare, "open_referral": None}, TODAY)
    assert (row.name, row.nhs_number, row.born, row.age) == ("Sam", "Not given", "Not given", None)
    assert row.postcode == "Not given"
    assert row.referral is None and row.referrals_words == "0 referrals"


def test_the_answer_is_counted_in_pages_of_people_and_says_when_it_was_cut_short() -> None:
    answer = {"total": 41, "truncated": True, "page": 2, "per_page": 20, "items": [item()]}
    found = found_of(answer, TODAY)
    assert (found.total, found.page, found.pages, found.truncated) == (41, 2, 3, True)
    assert [r.name for r in found.rows] == ["Amina Patel"]
    nobody = {"total": 0, "truncated": False, "page": 1, "per_page": 20, "items": []}
    empty = found_of(nobody, TODAY)
    assert (empty.rows, empty.pages, empty.truncated) == ([], 1, False)


def test_a_search_is_trimmed_and_an_unreadable_page_is_the_first() -> None:
    assert search_of("  ami pat ", "2") == Search("ami pat", 2)
    assert search_of(None, None) == Search("", 1)
    for page in ("", "0", "-3", "two", "9" * 5000):
        assert search_of("x", page).page == 1, page


def test_a_search_keeps_what_was_typed_in_its_page_links() -> None:
    assert Search("O'Brien 14/03/1950", 1).href(2) == "/people?q=O%27Brien+14%2F03%2F1950&page=2"
    assert Search("", 1).href(3) == "/people?page=3"
    assert Search("ami", 2).params() == {"q": "ami", "page": 2, "per_page": 20}


def test_a_search_too_long_for_the_service_is_refused_before_it_is_sent() -> None:
    assert checked(Search("a" * 200)) == []
    assert checked(Search("a" * 201)) == [FieldError("q", "Enter 200 characters or fewer")]


def test_the_services_reason_is_the_fields_error_in_its_own_words() -> None:
    answer = {
        "detail": {
            "error": "unprocessable",
            "message": "q: the NHS number is not valid (its check digit does not match)",
            "where": "q",
        }
    }
    assert search_errors(answer) == [
        FieldError("q", "The NHS number is not valid (its check digit does not match)")
    ]


def test_fastapis_own_refusal_of_the_field_is_also_the_fields_error() -> None:
    answer = {
        "detail": [
            {
                "type": "string_too_long",
                "loc": ["query", "q"],
                "msg": "String should have at most 200 characters",
                "input": "secret typed text",
            }
        ]
    }
    (error,) = search_errors(answer)
    assert error == FieldError("q", "String should have at most 200 characters")
    assert "secret" not in error.message


def test_the_page_says_whose_people_a_search_reaches() -> None:
    assert scope_of(frozenset({"link_worker"})) == "on your caseload"
    assert scope_of(frozenset({"manager"})) == "referred to your team"
    assert scope_of(frozenset({"practice"})) == "your practice referred"
