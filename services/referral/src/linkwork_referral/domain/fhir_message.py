"""Finding the parts of a BaRS message: its MessageHeader, ServiceRequest and Patient."""

from __future__ import annotations

from typing import Final

from linkwork_referral.domain.fhir_bundle import Entry, MessageEntries, as_list, as_object
from linkwork_schemas.catalogue import InvalidMessage

# The current BaRS event, and the older coding the published example messages still use.
REFERRAL_EVENTS: Final = frozenset(
    {
        ("https://fhir.nhs.uk/CodeSystem/message-events-bars", "servicerequest-request"),
        ("https://fhir.nhs.uk/CodeSystem/message-event", "admin-notify"),
    }
)


def message_header(entries: MessageEntries) -> Entry:
    headers = entries.of_type("MessageHeader")
    if len(headers) != 1:
        found = "no MessageHeader" if not headers else "more than one MessageHeader"
        raise InvalidMessage(
            f"a BaRS message needs exactly one MessageHeader; found {found}", "$.entry"
        )
    header = headers[0]
    event = as_object(header.resource.get("eventCoding"))
    if (event.get("system"), event.get("code")) not in REFERRAL_EVENTS:
        raise InvalidMessage(
            f"the message event {event.get('system')}|{event.get('code')} is not a referral "
            "request (expected servicerequest-request)",
            header.where + ".eventCoding",
        )
    return header


def service_request(entries: MessageEntries, header: Entry) -> Entry:
    focus = as_list(header.resource.get("focus"))
    if not focus:
        raise InvalidMessage("the MessageHeader has no focus", header.where + ".focus")
    for reference in focus:
        if found := entries.resolve_as(reference, "ServiceRequest"):
            return found
    raise InvalidMessage(
        "the MessageHeader focus does not resolve to a ServiceRequest in the bundle",
        header.where + ".focus[0].reference",
    )


def subject_patient(entries: MessageEntries, request: Entry) -> Entry:
    reference = request.resource.get("subject")
    if subject := entries.resolve_as(reference, "Patient"):
        return subject
    patients = entries.of_type("Patient")
    if reference is not None:
        # A subject that names someone not in the bundle is a broken message: taking the
        # bundle's other Patient instead could refer the wrong person.
        raise InvalidMessage(
            "the ServiceRequest subject does not resolve to a Patient in the bundle "
            f"(the bundle has {len(patients)} Patient entries): a dangling reference",
            request.where + ".subject",
        )
    if len(patients) == 1:  # no subject at all is forgiven only when no doubt remains
        return patients[0]
    raise InvalidMessage(
        f"the ServiceRequest subject does not resolve to a Patient and the bundle has "
        f"{len(patients)} Patient entries",
        request.where + ".subject",
    )
