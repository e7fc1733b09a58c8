"""BaRS FHIR message bundles become referral submissions, whatever order their entries are in."""

from __future__ import annotations

import copy
import json
import random
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from linkwork_referral.domain.fhir_bars import (
    FALLBACK_REASON,
    is_bars_bundle,
    parse_bars_bundle,
)
from linkwork_schemas.catalogue import InvalidMessage
from linkwork_schemas.common import ReferralRoute, Urgency
from linkwork_schemas.gp_referral import ReferralSubmission

BARS = Path(__file__).parents[1] / "data" / "bars"
TO_ED = "servicerequest-111-to-ed.json"
TO_CAS = "servicerequest-999-to-cas.json"
EXAMPLES = [TO_ED, TO_CAS]
RECEIVED = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
SERVICE_REQUEST_ID = "236bb75d-90ef-461f-b71e-fde7f899802c"
PATIENT_ID = "9589fb37-87a2-48d8-968f-b371429208a8"


def example(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((BARS / name).read_text(encoding="utf-8"))
    return document


def parsed(bundle: dict[str, Any]) -> ReferralSubmission:
    return parse_bars_bundle(bundle, received_at=RECEIVED)


def refusal(bundle: dict[str, Any]) -> InvalidMessage:
    with pytest.raises(InvalidMessage) as caught:
        parsed(bundle)
    return caught.value


def resource(bundle: dict[str, Any], resource_type: str) -> dict[str, Any]:
    """The one resource of a type (tests edit it in place)."""
    found: list[dict[str, Any]] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == resource_type
    ]
    assert len(found) == 1
    return found[0]


def index_of(bundle: dict[str, Any], resource_type: str) -> int:
    (found,) = [
        i for i, e in enumerate(bundle["entry"]) if e["resource"]["resourceType"] == resource_type
    ]
    return found


def add(bundle: dict[str, Any], new: dict[str, Any]) -> None:
    bundle["entry"].append({"fullUrl": f"urn:uuid:{new['id']}", "resource": new})


def test_the_111_to_ed_example_becomes_a_submission_for_julie_jones() -> None:
    submission = parsed(example(TO_ED))

    person = submission.patient
    assert person.nhs_number == "3478526985"  # fails Modulus 11, carried through as sent
    assert (person.given_name, person.family_name) == ("Julie", "Jones")
    assert person.birth_date == date(1959, 5, 4)
    assert person.gender == "female"
    assert person.address_lines == ["22 Brightside Crescent", "Overtown", "West Yorkshire"]
    assert person.postcode == "LS10 4YU"
    assert person.phone == "01138698975"
    assert person.consent_to_contact is True
    assert submission.source_system == "Emergency service"
    assert submission.source_referral_id == SERVICE_REQUEST_ID
    assert submission.submitted_at == datetime(2021, 10, 11, 12, 15, 10, tzinfo=UTC)
    assert submission.urgency is Urgency.ROUTINE
    assert submission.route is ReferralRoute.OTHER_HEALTH
    assert submission.referrer.practitioner_name == "Marcy BLAKE"
    assert submission.referrer.practitioner_id == "PT2489"
    assert submission.referrer.organisation_name == "Sender Organization"
    assert submission.referrer.ods_code is None
    assert submission.notes is not None
    assert submission.notes.startswith("Patient instruction: ADVICE GIVEN")


def test_the_111_example_reasons_keep_codes_words_and_the_referenced_observation() -> None:
    reasons = parsed(example(TO_ED)).reasons

    assert len(reasons) == 6
    first = reasons[0]
    assert first.text == "Pathways Assessment SD Code: ED post tonsillectomy bleeding"
    assert first.code is not None
    assert (first.code.system, first.code.code) == (
        "https://fhir.nhs.uk/Id/pathways-sd-code",
        "4389",
    )
    # reasonReference is a bare id in the example: resolved to the Observation and its note.
    assert reasons[-1].text.startswith("Expectations and wishes: The patient wishes")


def test_the_999_to_cas_example_becomes_a_submission_without_consent() -> None:
    submission = parsed(example(TO_CAS))

    assert submission.patient.nhs_number == "3478526985"
    assert submission.patient.consent_to_contact is None  # the bundle has no Consent
    assert [r.text for r in submission.reasons] == ["Progress urgently"]
    assert submission.reasons[0].code is not None
    assert submission.reasons[0].code.code == "clin-1"
    assert submission.notes is None
    assert submission.referrer.organisation_name == "Sender Organization"


@pytest.mark.parametrize("name", EXAMPLES)
@pytest.mark.parametrize("seed", range(5))
def test_entry_order_does_not_change_the_submission(name: str, seed: int) -> None:
    bundle = example(name)
    shuffled = copy.deepcopy(bundle)
    random.Random(seed).shuffle(shuffled["entry"])
    assert shuffled["entry"] != bundle["entry"]

    assert parsed(shuffled) == parsed(bundle)


def test_relative_references_resolve_without_full_urls() -> None:
    bundle = example(TO_CAS)
    for entry in bundle["entry"]:
        del entry["fullUrl"]
    resource(bundle, "MessageHeader")["focus"] = [
        {"reference": f"ServiceRequest/{SERVICE_REQUEST_ID}"}
    ]
    request = resource(bundle, "ServiceRequest")
    request["subject"] = {"reference": f"Patient/{PATIENT_ID}"}
    request["requester"] = {"reference": "Practitioner/7d948662-bade-450e-b6c5-9bb6ee39cb56"}
    other = {"resourceType": "Patient", "id": "someone-else", "name": [{"family": "Other"}]}
    bundle["entry"].insert(0, {"resource": other})  # first, so "the first Patient" would be wrong

    submission = parsed(bundle)

    assert submission.patient.family_name == "Jones"  # the subject, not the other Patient
    assert submission.referrer.practitioner_name == "Marcy BLAKE"


def test_the_only_patient_is_used_when_the_request_names_no_subject() -> None:
    bundle = example(TO_CAS)
    del resource(bundle, "ServiceRequest")["subject"]

    assert parsed(bundle).patient.family_name == "Jones"


def test_a_subject_that_points_outside_the_bundle_is_refused_not_guessed() -> None:
    """Found by the bad-input suite: a dangling subject took the bundle's only Patient."""
    bundle = example(TO_CAS)
    resource(bundle, "ServiceRequest")["subject"] = {"reference": "urn:uuid:not-in-bundle"}

    with pytest.raises(InvalidMessage) as refused:
        parsed(bundle)

    assert refused.value.where.endswith(".resource.subject")
    assert "dangling reference" in refused.value.reason


def test_a_requester_practitioner_role_gives_the_practice_and_a_gp_route() -> None:
    bundle = example(TO_CAS)
    add(
        bundle,
        {
            "resourceType": "Organization",
            "id": "practice",
            "identifier": [
                {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "B86001"}
            ],
            "name": "Burley Park Medical Centre",
        },
    )
    role = resource(bundle, "PractitionerRole")
    role["organization"] = {"reference": "urn:uuid:practice"}
    resource(bundle, "ServiceRequest")["requester"] = {
        "reference": f"PractitionerRole/{role['id']}"
    }

    submission = parsed(bundle)

    assert submission.referrer.ods_code == "B86001"
    assert submission.referrer.organisation_name == "Burley Park Medical Centre"
    assert submission.referrer.practitioner_name == "Marcy BLAKE"
    assert submission.route is ReferralRoute.GP


def test_a_sender_named_only_by_ods_code_identifies_the_referrer() -> None:
    bundle = example(TO_CAS)
    del resource(bundle, "ServiceRequest")["requester"]
    resource(bundle, "MessageHeader")["sender"] = {
        "identifier": {"system": "https://fhir.nhs.uk/Id/ods-organization-code", "value": "RX9"},
        "display": "Yorkshire Ambulance Service",
    }

    referrer = parsed(bundle).referrer

    assert (referrer.ods_code, referrer.organisation_name) == ("RX9", "Yorkshire Ambulance Service")
    assert referrer.practitioner_name is None
    assert parsed(bundle).route is ReferralRoute.OTHER_HEALTH


@pytest.mark.parametrize(
    ("priority", "urgency"),
    [
        (None, Urgency.ROUTINE),
        ("routine", Urgency.ROUTINE),
        ("urgent", Urgency.URGENT),
        ("asap", Urgency.URGENT),
        ("stat", Urgency.URGENT),
    ],
)
def test_priority_other_than_routine_is_urgent(priority: str | None, urgency: Urgency) -> None:
    bundle = example(TO_CAS)
    if priority:
        resource(bundle, "ServiceRequest")["priority"] = priority

    assert parsed(bundle).urgency is urgency


@pytest.mark.parametrize(
    ("status", "consent"),
    [("active", True), ("rejected", False), ("inactive", False), ("draft", None)],
)
def test_a_consent_resource_says_whether_the_person_agreed(
    status: str, consent: bool | None
) -> None:
    bundle = example(TO_CAS)
    add(
        bundle,
        {
            "resourceType": "Consent",
            "id": "c1",
            "status": status,
            "patient": {"reference": f"urn:uuid:{PATIENT_ID}"},
        },
    )

    assert parsed(bundle).patient.consent_to_contact is consent


def test_a_refusal_outweighs_an_agreement() -> None:
    bundle = example(TO_ED)  # already has an active Consent
    add(bundle, {"resourceType": "Consent", "id": "refused", "status": "rejected"})

    assert parsed(bundle).patient.consent_to_contact is False


def test_the_current_bars_event_coding_is_accepted() -> None:
    bundle = example(TO_CAS)
    resource(bundle, "MessageHeader")["eventCoding"] = {
        "system": "https://fhir.nhs.uk/CodeSystem/message-events-bars",
        "code": "servicerequest-request",
    }

    assert parsed(bundle).source_referral_id == SERVICE_REQUEST_ID


def test_identifiers_and_source_fall_back_in_order() -> None:
    bundle = example(TO_CAS)
    request = resource(bundle, "ServiceRequest")
    request["identifier"] = [{"system": "https://example.org/referrals", "value": "REF-42"}]
    del resource(bundle, "MessageHeader")["source"]["name"]
    del bundle["timestamp"]

    submission = parsed(bundle)

    assert submission.source_referral_id == "REF-42"
    assert submission.source_system == "13p:54.77.23.13:0494"
    assert submission.submitted_at == datetime(2021, 10, 11, 15, 23, 30, tzinfo=UTC)


def test_without_source_or_times_the_defaults_apply() -> None:
    bundle = example(TO_CAS)
    del resource(bundle, "MessageHeader")["source"]
    del bundle["timestamp"], bundle["meta"]

    submission = parsed(bundle)

    assert submission.source_system == "BaRS"
    assert submission.submitted_at == RECEIVED


@pytest.mark.parametrize(
    ("service_request_changes", "expected"),
    [
        ({"note": [{"text": "Feels isolated since moving"}]}, "Feels isolated since moving"),
        ({"code": {"text": "Social prescribing"}}, "Social prescribing"),
        (
            {
                "code": {
                    "coding": [
                        {
                            "system": "http://snomed.info/sct",
                            "code": "871731000000106",
                            "display": "Referral to social prescribing service",
                        }
                    ]
                }
            },
            "Referral to social prescribing service",
        ),
        ({}, FALLBACK_REASON),
    ],
)
def test_a_request_without_reasons_still_carries_one(
    service_request_changes: dict[str, Any], expected: str
) -> None:
    bundle = example(TO_CAS)
    request = resource(bundle, "ServiceRequest")
    del request["reasonCode"]
    request.update(service_request_changes)

    assert [r.text for r in parsed(bundle).reasons] == [expected]


def test_a_patient_email_that_is_not_an_address_is_refused_at_the_patient() -> None:
    bundle = example(TO_CAS)
    resource(bundle, "Patient")["telecom"].append({"system": "email", "value": "not an email"})

    error = refusal(bundle)

    assert error.where == f"$.entry[{index_of(bundle, 'Patient')}].resource"
    assert "patient.email" in error.reason


def test_is_bars_bundle_tells_bundles_from_submissions() -> None:
    assert is_bars_bundle(example(TO_ED))
    assert not is_bars_bundle({"schema": "linkwork.referral-submission"})
    assert not is_bars_bundle({"resourceType": "ServiceRequest"})
    assert not is_bars_bundle([{"resourceType": "Bundle"}])


def _not_a_bundle(bundle: dict[str, Any]) -> None:
    bundle["resourceType"] = "ServiceRequest"


def _a_document_bundle(bundle: dict[str, Any]) -> None:
    bundle["type"] = "document"


def _no_entries(bundle: dict[str, Any]) -> None:
    bundle["entry"] = []


def _an_entry_without_resource(bundle: dict[str, Any]) -> None:
    bundle["entry"][2] = {"fullUrl": "urn:uuid:x"}


def _no_message_header(bundle: dict[str, Any]) -> None:
    del bundle["entry"][0]


def _two_message_headers(bundle: dict[str, Any]) -> None:
    bundle["entry"].append(copy.deepcopy(bundle["entry"][0]))


def _a_response_event(bundle: dict[str, Any]) -> None:
    resource(bundle, "MessageHeader")["eventCoding"]["code"] = "servicerequest-response"


def _no_focus(bundle: dict[str, Any]) -> None:
    del resource(bundle, "MessageHeader")["focus"]


def _focus_not_in_bundle(bundle: dict[str, Any]) -> None:
    resource(bundle, "MessageHeader")["focus"] = [{"reference": "urn:uuid:missing"}]


def _focus_on_the_patient(bundle: dict[str, Any]) -> None:
    resource(bundle, "MessageHeader")["focus"] = [{"reference": f"Patient/{PATIENT_ID}"}]


def _no_patient(bundle: dict[str, Any]) -> None:
    bundle["entry"].pop(index_of(bundle, "Patient"))


def _a_patient_without_a_name(bundle: dict[str, Any]) -> None:
    del resource(bundle, "Patient")["name"]


@pytest.mark.parametrize(
    ("break_it", "where", "words"),
    [
        (_not_a_bundle, "$.resourceType", "FHIR Bundle"),
        (_a_document_bundle, "$.type", "'message'"),
        (_no_entries, "$.entry", "no entries"),
        (_an_entry_without_resource, "$.entry[2]", "resource"),
        (_no_message_header, "$.entry", "no MessageHeader"),
        (_two_message_headers, "$.entry", "more than one MessageHeader"),
        (_a_response_event, "$.entry[0].resource.eventCoding", "not a referral request"),
        (_no_focus, "$.entry[0].resource.focus", "no focus"),
        (_focus_not_in_bundle, "$.entry[0].resource.focus[0].reference", "ServiceRequest"),
        (_focus_on_the_patient, "$.entry[0].resource.focus[0].reference", "ServiceRequest"),
        (_no_patient, "$.entry[1].resource.subject", "Patient"),
        (_a_patient_without_a_name, "$.entry[3].resource.name", "no name"),
    ],
)
def test_structural_faults_are_refused_saying_where(break_it: Any, where: str, words: str) -> None:
    bundle = example(TO_CAS)
    break_it(bundle)

    error = refusal(bundle)

    assert error.where == where
    assert words in error.reason


def test_the_where_of_a_fault_follows_the_entry_wherever_it_is() -> None:
    bundle = example(TO_CAS)
    bundle["entry"].append(bundle["entry"].pop(0))  # MessageHeader last
    resource(bundle, "MessageHeader")["focus"] = [{"reference": "urn:uuid:missing"}]

    error = refusal(bundle)

    last = len(bundle["entry"]) - 1
    assert error.where == f"$.entry[{last}].resource.focus[0].reference"


def test_an_ambiguous_reference_is_not_guessed() -> None:
    bundle = example(TO_CAS)
    duplicate = copy.deepcopy(bundle["entry"][index_of(bundle, "ServiceRequest")])
    bundle["entry"].append(duplicate)  # two entries share the focus's fullUrl

    assert refusal(bundle).where == "$.entry[0].resource.focus[0].reference"


def _a_requester_naming_its_own_service_request(bundle: dict[str, Any]) -> None:
    request = resource(bundle, "ServiceRequest")
    request["requester"] = {"reference": f"ServiceRequest/{SERVICE_REQUEST_ID}"}


def _a_practitioner_role_that_is_its_own_practitioner(bundle: dict[str, Any]) -> None:
    role = resource(bundle, "PractitionerRole")
    role["practitioner"] = {"reference": f"PractitionerRole/{role['id']}"}
    resource(bundle, "ServiceRequest")["requester"] = {
        "reference": f"PractitionerRole/{role['id']}"
    }


@pytest.mark.parametrize(
    ("break_it", "where"),
    [
        (_a_requester_naming_its_own_service_request, "$.entry[1].resource.requester"),
        (_a_practitioner_role_that_is_its_own_practitioner, "$.entry[9].resource.practitioner"),
    ],
)
def test_circular_references_are_refused_not_read_as_a_referral(break_it: Any, where: str) -> None:
    """Found by probing: a requester naming itself, or a PractitionerRole looping back to
    itself, became referrals with no referrer."""
    bundle = example(TO_CAS)
    break_it(bundle)

    error = refusal(bundle)

    assert error.where == where
    assert "broken or circular" in error.reason
