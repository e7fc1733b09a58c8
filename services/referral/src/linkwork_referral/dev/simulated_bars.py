"""The simulator's FHIR BaRS message: a simulated JSON submission as a BaRS referral bundle.

Shaped like the published BaRS examples (`tests/data/bars/`): a `message` Bundle whose
MessageHeader (event `servicerequest-request`) is the first entry and focuses on the
ServiceRequest, which names the Patient as subject and a PractitionerRole (Practitioner at
an ODS-coded Organization) as requester; a Consent records agreement to be contacted. Every
reference is a `urn:uuid` fullUrl drawn from the caller's rng, so seeded batches repeat.
"""

from __future__ import annotations

import copy
import random
import uuid
from typing import Any, Final

from linkwork_referral.domain.fhir_people import NHS_NUMBER_SYSTEM, ODS_SYSTEM

Resource = dict[str, Any]

SNOMED_REFERRAL: Final = {
    "system": "http://snomed.info/sct",
    "code": "871731000000106",
    "display": "Referral to social prescribing service (procedure)",
}
BARS_EVENT: Final = {
    "system": "https://fhir.nhs.uk/CodeSystem/message-events-bars",
    "code": "servicerequest-request",
    "display": "Referral - Request",
}
SOURCE_ID_SYSTEM: Final = "https://linkwork.example/Id/gp-simulator-referral-id"
_CONSENT_STATUS: Final = {True: "active", False: "rejected"}


def bars_bundle(document: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """The BaRS message a GP system would send for this simulated submission."""
    ids = {name: _uuid(rng) for name in _IDS}
    ref = {name: {"reference": f"urn:uuid:{ident}"} for name, ident in ids.items()}
    patient, referrer = document["patient"], document["referrer"]
    resources: list[Resource] = [
        _header(document, ref),
        _service_request(document, ref),
        _patient(patient),
        {"resourceType": "Practitioner", "name": [_practitioner_name(referrer)]},
        {
            "resourceType": "PractitionerRole",
            "practitioner": ref["practitioner"],
            "organization": ref["organization"],
        },
        {
            "resourceType": "Organization",
            "identifier": [{"system": ODS_SYSTEM, "value": referrer["ods_code"]}],
            "name": referrer["organisation_name"],
        },
    ]
    if (agreed := patient.get("consent_to_contact")) is not None:
        resources.append(
            {
                "resourceType": "Consent",
                "status": _CONSENT_STATUS[agreed],
                "patient": ref["patient"],
            }
        )
    entries = [
        {
            "fullUrl": f"urn:uuid:{ids[name]}",
            "resource": {"resourceType": resource["resourceType"], "id": ids[name], **resource},
        }
        for name, resource in zip(_IDS, resources, strict=False)
    ]
    return copy.deepcopy(  # no dict shared between resources, bundles or the constants
        {
            "resourceType": "Bundle",
            "id": ids["bundle"],
            "meta": {"lastUpdated": document["submitted_at"]},
            "timestamp": document["submitted_at"],
            "type": "message",
            "entry": entries,
        }
    )


def source_referral_id(message: dict[str, Any]) -> str:
    """The sender's referral id in a simulated message: JSON submission or BaRS bundle."""
    if message.get("resourceType") != "Bundle":
        return str(message["source_referral_id"])
    (request,) = [
        e["resource"] for e in message["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    ]
    return str(request["identifier"][0]["value"])


# One id per resource, in entry order; the bundle's own id comes last.
_NAMES: Final = ("header", "request", "patient", "practitioner", "role", "organization")
_IDS: Final = (*_NAMES, "consent", "bundle")


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _header(document: dict[str, Any], ref: dict[str, Resource]) -> Resource:
    return {
        "resourceType": "MessageHeader",
        "eventCoding": BARS_EVENT,
        "destination": [{"name": "Linkwork", "endpoint": "https://linkwork.example/bars"}],
        "sender": {**ref["organization"], "display": document["referrer"]["organisation_name"]},
        "source": {"name": document["source_system"], "endpoint": "https://gp.example/bars"},
        "reason": {
            "coding": [
                {"system": "https://fhir.nhs.uk/CodeSystem/message-reason-bars", "code": "new"}
            ]
        },
        "focus": [ref["request"]],
    }


def _service_request(document: dict[str, Any], ref: dict[str, Resource]) -> Resource:
    request: Resource = {
        "resourceType": "ServiceRequest",
        "identifier": [{"system": SOURCE_ID_SYSTEM, "value": document["source_referral_id"]}],
        "status": "active",
        "intent": "order",
        "code": {"coding": [SNOMED_REFERRAL], "text": SNOMED_REFERRAL["display"]},
        "priority": document["urgency"],
        "subject": ref["patient"],
        "authoredOn": document["submitted_at"],
        "requester": ref["role"],
        "reasonCode": [_reason_code(reason) for reason in document["reasons"]],
    }
    if notes := document.get("notes"):
        request["note"] = [{"text": notes}]
    return request


def _reason_code(reason: dict[str, Any]) -> Resource:
    # The procedure code is the ServiceRequest's code, not a reason; a reason coding's
    # display would be added to the text by the parser ("text: display").
    code = reason.get("code")
    if not code or code["code"] == SNOMED_REFERRAL["code"]:
        return {"text": reason["text"]}
    return {"coding": [code], "text": reason["text"]}


def _patient(person: dict[str, Any]) -> Resource:
    contact = [("phone", person.get("phone"), "mobile"), ("email", person.get("email"), "home")]
    return {
        "resourceType": "Patient",
        "identifier": [{"system": NHS_NUMBER_SYSTEM, "value": person["nhs_number"]}],
        "name": [
            {"use": "official", "family": person["family_name"], "given": [person["given_name"]]}
        ],
        "telecom": [{"system": s, "value": v, "use": use} for s, v, use in contact if v],
        "birthDate": person["birth_date"],
        "address": [
            {
                "use": "home",
                "line": person.get("address_lines", []),
                "postalCode": person["postcode"],
            }
        ],
    }


def _practitioner_name(referrer: dict[str, Any]) -> Resource:
    *prefix, family = referrer["practitioner_name"].split()
    return {"text": referrer["practitioner_name"], "family": family, "prefix": prefix}
