"""The referral rules: every broken rule is reported, with its field and what to do."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from linkwork_referral.dev.simulator import submission as simulated
from linkwork_referral.domain.fhir_bars import parse_bars_bundle
from linkwork_referral.domain.validation import normalise_postcode, validate_submission
from linkwork_schemas.gp_referral import ReferralSubmission
from linkwork_schemas.referral import RejectionReason

BARS = Path(__file__).parents[1] / "data" / "bars"
TODAY = date(2025, 3, 3)
BAD_CHECK_DIGIT = "9434765918"  # 943476591 needs 9


def document(**patient: Any) -> dict[str, Any]:
    """A valid simulator submission with some patient fields changed (None removes one)."""
    doc = simulated(random.Random(1))
    for key, value in patient.items():
        if value is None:
            doc["patient"].pop(key, None)
        else:
            doc["patient"][key] = value
    return doc


def reasons_for(doc: dict[str, Any]) -> list[RejectionReason]:
    return validate_submission(ReferralSubmission.model_validate(doc), today=TODAY)


def rules(doc: dict[str, Any]) -> list[str]:
    return [reason.rule for reason in reasons_for(doc)]


def the_reason(doc: dict[str, Any], rule: str) -> RejectionReason:
    (found,) = [reason for reason in reasons_for(doc) if reason.rule == rule]
    return found


def bars_example(name: str) -> ReferralSubmission:
    bundle = json.loads((BARS / name).read_text(encoding="utf-8"))
    return parse_bars_bundle(bundle, received_at=datetime(2025, 3, 3, tzinfo=UTC))


def test_a_simulator_submission_breaks_no_rule() -> None:
    assert reasons_for(document()) == []


def test_the_111_example_is_refused_only_for_its_nhs_number() -> None:
    reasons = validate_submission(bars_example("servicerequest-111-to-ed.json"), today=TODAY)

    assert [r.rule for r in reasons] == ["nhs_number.modulus11"]
    assert reasons[0].field == "patient.nhs_number"


def test_the_999_example_is_refused_for_its_nhs_number_and_missing_consent() -> None:
    reasons = validate_submission(bars_example("servicerequest-999-to-cas.json"), today=TODAY)

    assert [(r.field, r.rule) for r in reasons] == [
        ("patient.nhs_number", "nhs_number.modulus11"),
        ("patient.consent_to_contact", "consent.required"),
    ]


def test_every_broken_rule_is_reported_not_just_the_first() -> None:
    doc = document(
        nhs_number=None,
        birth_date="2030-01-01",
        postcode="NOT A POSTCODE",
        phone=None,
        consent_to_contact=False,
    )
    doc["referrer"] = {"ods_code": "B8-6001"}

    assert rules(doc) == [
        "nhs_number.required",
        "birth_date.future",
        "postcode.format",
        "consent.required",
        "referrer.ods_code.format",
    ]


@pytest.mark.parametrize("number", [None, "", "   "])
def test_a_missing_nhs_number_is_required(number: str | None) -> None:
    reason = the_reason(document(nhs_number=number), "nhs_number.required")

    assert reason.field == "patient.nhs_number"


def test_an_nhs_number_with_a_wrong_check_digit_fails_the_nhs_number_check() -> None:
    reason = the_reason(document(nhs_number=BAD_CHECK_DIGIT), "nhs_number.modulus11")

    assert reason.field == "patient.nhs_number"
    assert "NHS number check" in reason.message
    assert "check digit" in reason.message
    assert BAD_CHECK_DIGIT not in reason.message  # not echoed onto the bus


@pytest.mark.parametrize("number", ["943476591", "94347659190", "943476591A"])
def test_an_nhs_number_that_is_not_ten_digits_says_so(number: str) -> None:
    assert rules(document(nhs_number=number)) == ["nhs_number.format"]


@pytest.mark.parametrize("number", ["9434765919", "943 476 5919", "943-476-5870"])
def test_a_valid_nhs_number_as_people_write_it_passes(number: str) -> None:
    assert rules(document(nhs_number=number)) == []


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        ("2025-03-04", ["birth_date.future"]),
        ("2025-03-03", []),
        ("1905-03-03", []),
        ("1905-03-02", ["birth_date.implausible"]),
        ("1850-01-01", ["birth_date.implausible"]),
    ],
)
def test_a_birth_date_must_be_past_and_within_120_years(born: str, expected: list[str]) -> None:
    assert rules(document(birth_date=born)) == expected


def test_a_birth_date_may_be_left_out() -> None:
    assert rules(document(birth_date=None)) == []


def test_120_years_before_a_leap_day_is_the_28th_of_february_when_that_year_had_none() -> None:
    leap_day = date(2020, 2, 29)  # 1900 was not a leap year

    def rules_on_leap_day(born: str) -> list[str]:
        submission = ReferralSubmission.model_validate(document(birth_date=born))
        return [r.rule for r in validate_submission(submission, today=leap_day)]

    assert rules_on_leap_day("1900-02-28") == []
    assert rules_on_leap_day("1900-02-27") == ["birth_date.implausible"]


@pytest.mark.parametrize(
    "postcode",
    [
        "LS1 6PT",
        "ls10 4yu",
        "LS104YU",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "GIR 0AA",
        "gir0aa",
        " LS1  6PT ",
    ],
)
def test_uk_postcodes_pass_in_any_case_with_or_without_the_space(postcode: str) -> None:
    assert rules(document(postcode=postcode)) == []


@pytest.mark.parametrize("postcode", ["LS1", "12345", "LS1 6P", "LI1 6PT", "LS1 PT6", "LSS 6PT"])
def test_a_postcode_that_is_not_uk_format_is_refused(postcode: str) -> None:
    reason = the_reason(document(postcode=postcode), "postcode.format")

    assert reason.field == "patient.postcode"
    assert postcode not in reason.message  # the field is named, the person's value is not


def test_no_postcode_is_fine_when_there_is_an_address() -> None:
    assert rules(document(postcode=None, address_lines=["22 Brightside Crescent", "Leeds"])) == []


def test_consent_to_contact_must_be_given() -> None:
    refused = the_reason(document(consent_to_contact=False), "consent.required")
    unknown = the_reason(document(consent_to_contact=None), "consent.required")

    assert refused.field == unknown.field == "patient.consent_to_contact"
    assert "not agreed to be contacted by the link worker service" in refused.message
    assert "Record whether the person agrees" in unknown.message
    assert refused.message != unknown.message
    assert rules(document(consent_to_contact=True)) == []


def test_a_referrer_must_be_identified() -> None:
    doc = document()
    doc["referrer"] = {"practitioner_id": "G1234567", "email": "gp@example.nhs.uk"}

    reason = the_reason(doc, "referrer.required")

    assert reason.field == "referrer"


@pytest.mark.parametrize(
    "referrer",
    [{"ods_code": "B86001"}, {"practitioner_name": "Dr Shah"}, {"organisation_name": "Hyde Park"}],
)
def test_any_one_of_ods_code_organisation_or_practitioner_identifies_the_referrer(
    referrer: dict[str, str],
) -> None:
    doc = document()
    doc["referrer"] = referrer

    assert rules(doc) == []


@pytest.mark.parametrize("ods", ["B8", "B86001-X", "TOOLONGCODE1", "B86 001"])
def test_an_ods_code_must_be_3_to_10_letters_and_digits(ods: str) -> None:
    doc = document()
    doc["referrer"]["ods_code"] = ods

    reason = the_reason(doc, "referrer.ods_code.format")

    assert reason.field == "referrer.ods_code"


@pytest.mark.parametrize("ods", ["RX9", "b86001", "Y02345", "ABCDE12345"])
def test_ods_codes_of_any_case_and_length_3_to_10_pass(ods: str) -> None:
    doc = document()
    doc["referrer"]["ods_code"] = ods

    assert rules(doc) == []


def test_a_person_with_no_way_to_reach_them_is_refused() -> None:
    doc = document(phone=None, postcode=None, email=None, address_lines=[])

    reason = the_reason(doc, "patient.contact.required")

    assert reason.field == "patient"


@pytest.mark.parametrize(
    "route",
    [
        {"phone": "07700 900123"},
        {"email": "amina@example.org"},
        {"postcode": "LS1 6PT"},
        {"address_lines": ["22 Brightside Crescent"]},
    ],
)
def test_any_one_contact_route_is_enough(route: dict[str, Any]) -> None:
    doc = document(phone=None, postcode=None, email=None, address_lines=[])
    doc["patient"].update(route)

    assert rules(doc) == []


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("ls10 4yu", "LS10 4YU"),
        ("LS104YU", "LS10 4YU"),
        (" ec1a  1bb ", "EC1A 1BB"),
        ("gir0aa", "GIR 0AA"),
        ("M11AE", "M1 1AE"),
    ],
)
def test_normalise_postcode_upper_cases_with_one_space_before_the_inward_code(
    written: str, normal: str
) -> None:
    assert normalise_postcode(written) == normal


@pytest.mark.parametrize(
    ("field", "written"),
    [("birth_date", "2031-04-05"), ("birth_date", "1850-04-05"), ("postcode", "ZZ99 9QQQ")],
)
def test_a_reason_never_repeats_the_personal_value_it_refuses(field: str, written: str) -> None:
    """Reasons travel in ReferralRejected events and HTTP answers: they name the field and
    what to do, never the person's date of birth or postcode."""
    (reason,) = reasons_for(document(**{field: written}))
    assert reason.field == f"patient.{field}"
    assert written not in reason.message
    assert written.replace("-", "") not in reason.message.replace("-", "")
