"""What arrives on gp.referrals: a JSON submission is accepted, anything else says why not."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from linkwork_referral.actions.intake import from_kafka
from linkwork_referral.dev.simulator import submission
from linkwork_schemas.catalogue import InvalidMessage
from linkwork_schemas.gp_referral import ReferralSubmission

DATA = Path(__file__).resolve().parents[1] / "data" / "bars"


def simulated(seed: int = 1) -> dict[str, Any]:
    return submission(random.Random(seed))


def encoded(document: object) -> bytes:
    return json.dumps(document).encode()


def refusal(raw: bytes) -> InvalidMessage:
    with pytest.raises(InvalidMessage) as caught:
        from_kafka(raw)
    return caught.value


def test_a_valid_simulator_submission_parses() -> None:
    document = simulated()

    incoming = from_kafka(encoded(document))
    parsed = incoming.submission

    assert incoming.format == "json"
    assert incoming.original == document
    assert isinstance(parsed, ReferralSubmission)
    assert parsed.source_referral_id == document["source_referral_id"]
    assert parsed.source_system == document["source_system"]
    assert parsed.patient.nhs_number == document["patient"]["nhs_number"]
    assert parsed.patient.postcode == document["patient"]["postcode"]
    assert parsed.reasons[0].text == document["reasons"][0]["text"]
    assert parsed.referrer.ods_code == document["referrer"]["ods_code"]


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\xff\xfe garbage",
        b"<Bundle xmlns='http://hl7.org/fhir'/>",
        b"{'single': 'quotes'}",
        b"",
    ],
    ids=["binary", "xml", "python-repr", "empty"],
)
def test_garbage_bytes_are_refused_as_not_json(raw: bytes) -> None:
    error = refusal(raw)

    assert error.where == "$"
    assert "JSON" in error.reason


@pytest.mark.parametrize("document", [[], [{"schema": "linkwork.referral-submission"}], "text", 3])
def test_json_that_is_not_an_object_is_refused(document: object) -> None:
    error = refusal(encoded(document))

    assert error.where == "$"
    assert "JSON object" in error.reason


def test_a_bars_bundle_is_told_apart_by_content_and_parsed() -> None:
    bundle = json.loads((DATA / "servicerequest-111-to-ed.json").read_text())

    incoming = from_kafka(encoded(bundle))

    assert incoming.format == "bars"
    assert incoming.original == bundle
    assert incoming.submission is not None
    assert incoming.submission.patient.nhs_number == "3478526985"


def test_a_bundle_without_a_message_header_is_refused_saying_where() -> None:
    bundle = {
        "resourceType": "Bundle",
        "type": "message",
        "entry": [{"fullUrl": "urn:uuid:1", "resource": {"resourceType": "Patient"}}],
    }

    error = refusal(encoded(bundle))

    assert error.where.startswith("$.entry")
    assert "MessageHeader" in error.reason


def test_a_fhir_resource_that_is_not_a_bundle_is_refused_as_schema_invalid() -> None:
    error = refusal(encoded({"resourceType": "ServiceRequest", "status": "active"}))

    assert error.where == "$.source_system"
    assert "required" in error.reason.lower()
    assert "more problems" in error.reason


def test_a_submission_without_reasons_is_refused_naming_reasons() -> None:
    document = simulated()
    document["reasons"] = []

    error = refusal(encoded(document))

    assert error.where == "$.reasons"
    assert "at least 1" in error.reason


def test_a_nested_missing_field_is_refused_with_its_path() -> None:
    document = simulated()
    del document["patient"]["given_name"]

    error = refusal(encoded(document))

    assert error.where == "$.patient.given_name"
    assert "required" in error.reason.lower()


def test_an_error_inside_a_list_names_the_index() -> None:
    document = simulated()
    document["reasons"].append({"text": "Wants company", "domain": "boredom"})

    error = refusal(encoded(document))

    assert error.where == "$.reasons[1].domain"


def test_an_unknown_top_level_field_is_refused_naming_it() -> None:
    document = simulated()
    document["nhsnumber"] = document["patient"]["nhs_number"]

    error = refusal(encoded(document))

    assert error.where == "$.nhsnumber"
    assert "not permitted" in error.reason


def test_several_problems_are_counted() -> None:
    document = simulated()
    del document["source_system"]
    del document["submitted_at"]
    document["urgency"] = "whenever"

    error = refusal(encoded(document))

    assert error.where == "$.source_system"
    assert "(and 2 more problems)" in error.reason
