"""A practice's referrals and the outcome letter it reads."""

from __future__ import annotations

from linkwork_console.domain.practice import letter_of, listing_of, row_of

SNOMED = "http://snomed.info/sct"


def referral(**fields: object) -> dict[str, object]:
    return {
        "referral_id": "ref-1",
        "status": "assigned",
        "person": {
            "given_name": "Harry",
            "family_name": "Patel",
            "nhs_number": "9099980299",
            "birth_date": "1941-06-26",
        },
        "referrer": {
            "ods_code": "B86001",
            "organisation_name": "Burley Park Medical Centre",
            "practitioner_name": "Dr Hughes",
        },
        "reasons": [{"text": "Recently unemployed"}],
        "received_at": "2026-12-03T09:00:00Z",
        **fields,
    }


DECLINED_CODES = [
    {
        "system": SNOMED,
        "code": "871731000000106",
        "display": "Referral to social prescribing service",
    }
]
DECLINED: dict[str, object] = {
    "referrer": {
        "ods_code": "B86001",
        "organisation_name": "Burley Park Medical Centre",
        "practitioner_name": "Dr Hughes",
    },
    "person_nhs_number": "9099980299",
    "needs": ["money_and_debt"],
    "support_offered": [{"text": "Linked to Debt Advice Service"}],
    "outcomes": [
        {
            "text": "Declined: family support",
            "code": {
                "system": SNOMED,
                "code": "871711000000103",
                "display": "Social prescribing declined (situation)",
            },
        }
    ],
    "summary": "The person declined social prescribing: family support.",
    "codes": [
        {
            "system": SNOMED,
            "code": "871731000000106",
            "display": "Referral to social prescribing service (procedure)",
        }
    ],
    "reported_at": "2026-12-03T12:52:50Z",
}


def test_a_referral_without_a_report_has_no_letter() -> None:
    assert letter_of(referral()) is None
    assert not row_of(referral()).has_letter


def test_the_letter_reads_in_the_prsb_groups_to_the_referrer() -> None:
    letter = letter_of(referral(status="declined", outcome_report=DECLINED))
    assert letter is not None
    assert letter.to == "Dr Hughes, Burley Park Medical Centre"
    assert (letter.about, letter.nhs_number, letter.birth_date) == (
        "Harry Patel",
        "909 998 0299",
        "26 June 1941",
    )
    assert letter.needs == ["Money and debt"]
    assert letter.support_offered == ["Linked to Debt Advice Service"]
    assert letter.outcomes == ["Declined: family support"]
    assert letter.reported == "3 December 2026 at 12:52"


def test_the_letter_lists_each_code_once_including_those_of_its_lines() -> None:
    declined_code = {"system": SNOMED, "code": "871711000000103", "display": "Declined"}
    report = {**DECLINED, "codes": [*DECLINED_CODES, declined_code]}
    letter = letter_of(referral(outcome_report=report))
    assert letter is not None
    assert [c.code for c in letter.codes] == ["871731000000106", "871711000000103"]
    assert letter.codes[0].system == "SNOMED CT"


def test_a_row_shows_the_person_status_and_when_the_letter_came() -> None:
    row = row_of(referral(status="declined", outcome_report=DECLINED))
    assert (row.name, row.nhs_number, row.status[0]) == ("Harry Patel", "909 998 0299", "Declined")
    assert row.has_letter and row.reported == "3 December 2026"
    assert row.href == "/practice/referrals/ref-1"


def test_the_listing_counts_its_pages() -> None:
    listing = listing_of({"items": [referral()], "total": 51, "page": 2, "per_page": 25})
    assert (listing.page, listing.pages, len(listing.rows)) == (2, 3, 1)
    assert listing_of({"items": [], "total": 0, "page": 1, "per_page": 25}).pages == 1
