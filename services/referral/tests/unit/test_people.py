"""Name keys, search parsing and grouping into people (domain/people.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from linkwork_referral.domain import people
from linkwork_runtime.refusals import Unprocessable


def test_name_keys_fold_case_and_accents_and_join_the_words_of_a_name() -> None:
    keys = people.name_keys({"given_name": "Zoë Anne", "family_name": "O'Brien-Smith"})
    assert keys == ["zoe", "anne", "zoeanne", "o", "brien", "smith", "obriensmith"]
    assert people.name_keys({"given_name": "ŁUKASZ", "family_name": "Nowak"}) == [
        "łukasz",
        "nowak",
    ]


def test_a_search_is_parsed_into_an_nhs_number_a_birth_date_and_name_words() -> None:
    query = people.parse("  Patel, 943-476-5919 amí 14.3.1950 ")
    assert query == people.PersonQuery("9434765919", date(1950, 3, 14), ("patel", "ami"))
    assert query.filters() == {
        "$and": [
            {"name_keys": {"$regex": "^patel"}},
            {"name_keys": {"$regex": "^ami"}},
            {"person.nhs_number": "9434765919"},
            {"person.birth_date": "1950-03-14"},
        ]
    }
    assert people.parse(None).filters() == {}
    assert people.parse("o'brien").names == ("obrien",)


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("9434765918", "check digit"),
        ("29/02/1951", "calendar"),
        ("12345", "neither an NHS number"),
        ("1950-01-01 1951-01-01", "one birth date"),
        ("a b c d e", "at most 4 words"),
    ],
)
def test_a_bad_search_says_what_is_wrong_and_not_what_was_typed(q: str, says: str) -> None:
    with pytest.raises(Unprocessable) as refused:
        people.parse(q)
    assert says in refused.value.message and refused.value.where == "q"
    assert q not in refused.value.message


def referral(id_: str, status: str, day: int, **person: Any) -> dict[str, Any]:
    return {
        "_id": id_,
        "status": status,
        "received_at": datetime(2026, 11, day, tzinfo=UTC),
        "person": {"given_name": "Ann", "family_name": "Lee", **person},
        "risk_flags": [{"flag_id": f"f-{id_}"}],
    }


def test_referrals_are_grouped_by_nhs_number_else_by_name_and_birth_date() -> None:
    found = people.people(
        [
            referral("r4", "closed", 4, nhs_number="9434765919"),
            referral("r3", "assigned", 3, nhs_number="9434765919"),
            referral("r2", "received", 2, birth_date="1950-03-14", given_name="ANN"),
            referral("r1", "withdrawn", 1, birth_date="1950-03-14"),
            referral("r0", "received", 1, birth_date="1960-01-01"),
        ]
    )
    assert [[r["referral_id"] for r in p["referrals"]] for p in found] == [
        ["r4", "r3"],
        ["r2", "r1"],
        ["r0"],
    ]
    assert [p["open_referral"]["referral_id"] for p in found] == ["r3", "r2", "r0"]
    assert found[0]["risk_flags"] == [{"flag_id": "f-r3"}]  # the open referral's
    closed_only = people.people([referral("r9", "closed", 9)])
    assert closed_only[0]["open_referral"] is None and closed_only[0]["risk_flags"] == []
