"""The inbound GP referral submission: strict, so an integration's mistakes are caught."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from linkwork_schemas.common import ContactChannel, NeedDomain, ReferralRoute, Urgency
from linkwork_schemas.gp_referral import SUBMISSION_SCHEMA, ReferralSubmission

FULL_SUBMISSION: dict[str, Any] = {
    "schema": "linkwork.referral-submission",
    "schema_version": 1,
    "source_system": "EMIS",
    "source_referral_id": "R-3fa85f6457c4",
    "submitted_at": "2025-03-03T09:14:59+00:00",
    "route": "gp",
    "urgency": "urgent",
    "referrer": {
        "ods_code": "B86003",
        "organisation_name": "Chapeltown Family Practice",
        "practitioner_name": "Dr Begum",
        "practitioner_id": "G8123456",
        "email": "dr.begum@nhs.example",
    },
    "patient": {
        "nhs_number": "9434765919",
        "given_name": "Jamal",
        "family_name": "Clarke",
        "birth_date": "1979-10-21",
        "gender": "male",
        "address_lines": ["3 Leopold Street"],
        "postcode": "LS7 4AW",
        "phone": "07700 900789",
        "email": "jamal.clarke@example.org",
        "preferred_channel": "sms",
        "consent_to_contact": True,
    },
    "reasons": [
        {
            "text": "Rent arrears and worried about eviction",
            "domain": "housing",
            "code": {
                "system": "http://snomed.info/sct",
                "code": "871731000000106",
                "display": "Referral to social prescribing service (procedure)",
            },
        },
        {"text": "Debt with utility companies causing anxiety", "domain": "money_and_debt"},
    ],
    "notes": "Prefers text messages; works nights.",
}


def document(**changes: Any) -> dict[str, Any]:
    """A deep copy of the full submission with top-level `changes` applied."""
    doc = copy.deepcopy(FULL_SUBMISSION)
    doc.update(changes)
    return doc


def rejection(doc: dict[str, Any]) -> dict[str, Any]:
    """The first error pydantic reports for `doc`, which must be refused."""
    with pytest.raises(ValidationError) as caught:
        ReferralSubmission.model_validate(doc)
    first: dict[str, Any] = dict(caught.value.errors()[0])
    return first


def test_full_valid_submission_parses_with_every_value_kept() -> None:
    submission = ReferralSubmission.model_validate(document())

    assert submission.schema_ == SUBMISSION_SCHEMA
    assert submission.source_system == "EMIS"
    assert submission.source_referral_id == "R-3fa85f6457c4"
    assert submission.submitted_at == datetime(2025, 3, 3, 9, 14, 59, tzinfo=UTC)
    assert submission.route is ReferralRoute.GP
    assert submission.urgency is Urgency.URGENT
    assert submission.referrer.ods_code == "B86003"
    assert submission.patient.nhs_number == "9434765919"
    assert submission.patient.birth_date == date(1979, 10, 21)
    assert submission.patient.preferred_channel is ContactChannel.SMS
    assert [reason.domain for reason in submission.reasons] == [
        NeedDomain.HOUSING,
        NeedDomain.MONEY_AND_DEBT,
    ]
    assert submission.reasons[0].code is not None
    assert submission.reasons[0].code.code == "871731000000106"
    assert submission.notes == "Prefers text messages; works nights."


def test_submission_parses_from_json_text_and_dumps_back_under_the_wire_names() -> None:
    submission = ReferralSubmission.model_validate_json(json.dumps(document()))

    dumped = submission.model_dump(mode="json", by_alias=True)

    assert dumped["schema"] == SUBMISSION_SCHEMA
    assert "schema_" not in dumped
    assert ReferralSubmission.model_validate(dumped) == submission


def test_minimal_submission_takes_routine_gp_defaults() -> None:
    minimal = {
        "schema": SUBMISSION_SCHEMA,
        "source_system": "SystmOne",
        "source_referral_id": "R-1",
        "submitted_at": "2025-03-03T09:00:00Z",
        "referrer": {},
        "patient": {"given_name": "Irene", "family_name": "Nowak"},
        "reasons": [{"text": "Feels isolated"}],
    }

    submission = ReferralSubmission.model_validate(minimal)

    assert submission.route is ReferralRoute.GP
    assert submission.urgency is Urgency.ROUTINE
    assert submission.schema_version == 1
    assert submission.patient.nhs_number is None


def test_unknown_top_level_field_is_rejected_naming_it() -> None:
    doc = document(nhsnumber="9434765919")

    error = rejection(doc)

    assert error["loc"] == ("nhsnumber",)
    assert error["type"] == "extra_forbidden"


def test_python_attribute_name_is_not_accepted_in_place_of_the_schema_marker() -> None:
    doc = document()
    doc["schema_"] = doc.pop("schema")

    error = rejection(doc)

    assert error["loc"] == ("schema_",)
    assert error["type"] == "extra_forbidden"


def test_unknown_field_in_patient_is_rejected_naming_it() -> None:
    doc = document()
    doc["patient"]["nhsnumber"] = doc["patient"].pop("nhs_number")

    error = rejection(doc)

    assert error["loc"] == ("patient", "nhsnumber")


@pytest.mark.parametrize("reasons", [None, []], ids=["missing", "empty"])
def test_a_submission_without_reasons_is_rejected(reasons: list[Any] | None) -> None:
    doc = document()
    if reasons is None:
        del doc["reasons"]
    else:
        doc["reasons"] = reasons

    error = rejection(doc)

    assert error["loc"] == ("reasons",)
    assert error["type"] == ("missing" if reasons is None else "too_short")


def test_a_reason_without_words_is_rejected() -> None:
    error = rejection(document(reasons=[{"text": "", "domain": "loneliness"}]))

    assert error["loc"] == ("reasons", 0, "text")


@pytest.mark.parametrize(
    "marker",
    ["linkwork.referral", "linkwork.referral-submission.v2", "fhir.bundle", "", 1],
)
def test_wrong_schema_marker_is_rejected(marker: object) -> None:
    error = rejection(document(schema=marker))

    assert error["loc"] == ("schema",)


def test_schema_marker_must_match_exactly_not_as_a_pattern() -> None:
    error = rejection(document(schema="linkworkXreferral-submission"))

    assert error["loc"] == ("schema",)


def test_unsupported_submission_version_is_rejected() -> None:
    error = rejection(document(schema_version=2))

    assert error["loc"] == ("schema_version",)


def test_submitted_at_without_a_timezone_is_rejected() -> None:
    error = rejection(document(submitted_at="2025-03-03T09:14:59"))

    assert error["loc"] == ("submitted_at",)


@pytest.mark.parametrize(
    ("field", "value"),
    [("route", "carrier_pigeon"), ("urgency", "whenever"), ("source_system", "")],
)
def test_values_outside_the_contract_are_rejected(field: str, value: str) -> None:
    error = rejection(document(**{field: value}))

    assert error["loc"] == (field,)


def test_bad_email_in_patient_is_rejected_with_its_path() -> None:
    doc = document()
    doc["patient"]["email"] = "not-an-email"

    error = rejection(doc)

    assert error["loc"] == ("patient", "email")


def test_submissions_are_immutable() -> None:
    submission = ReferralSubmission.model_validate(document())

    with pytest.raises(ValidationError):
        submission.notes = "changed"  # type: ignore[misc]


def test_a_submission_with_more_reasons_than_any_referral_has_is_refused_at_its_reasons() -> None:
    """Found by the bad-input suite: a 400 KB document of 3,000 reasons became a referral."""
    document = copy.deepcopy(FULL_SUBMISSION)
    document["reasons"] = document["reasons"] * 21

    with pytest.raises(ValidationError) as refused:
        ReferralSubmission.model_validate(document)

    (error,) = refused.value.errors()
    assert error["loc"] == ("reasons",)
    assert "at most 20 items" in error["msg"]
