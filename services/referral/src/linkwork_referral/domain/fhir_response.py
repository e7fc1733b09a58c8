"""The BaRS response message Linkwork sends back on `gp.responses` for each BaRS message it
read: a referral accepted for triage, cancelled or updated (`ok`), or refused with its reasons
as an OperationOutcome (`fatal-error`).

Shaped on the BaRS response pattern: a FHIR R4 `message` Bundle whose MessageHeader has the
event `servicerequest-response` and reason `new`, names in `response.identifier` the Bundle.id
of the message it answers with `response.code` ok / fatal-error (`response.details` the
OperationOutcome), is addressed to the sender's `source.endpoint`, and focuses on the
ServiceRequest as Linkwork now holds it (or, for a message that named no referral, on the
OperationOutcome). Pure: ids and the time come from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Literal

from linkwork_referral.domain.fhir_answers import Issue, operation_outcome
from linkwork_referral.domain.fhir_bundle import as_list, as_object, as_text
from linkwork_referral.domain.fhir_followup import REASON_SYSTEM
from linkwork_referral.domain.fhir_people import NHS_NUMBER_SYSTEM

BARS_EVENTS: Final = "https://fhir.nhs.uk/CodeSystem/message-events-bars"
RESPONSE_EVENT: Final = {
    "system": BARS_EVENTS,
    "code": "servicerequest-response",
    "display": "Referral - Response",
}
_FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
ResponseCode = Literal["ok", "fatal-error"]
# ServiceRequest status as Linkwork then holds the referral (FHIR request-status).
RequestStatus = Literal["active", "revoked", "completed"]


@dataclass(frozen=True)
class Address:
    """Whom a response goes to: the message answered (its Bundle.id) and where it came from."""

    message_id: str | None
    endpoint: str | None
    source_referral_id: str | None = None


@dataclass(frozen=True)
class Reply:
    address: Address
    code: ResponseCode
    issues: Sequence[Issue]
    request_status: RequestStatus | None = None  # None: no referral to speak of
    nhs_number: str | None = None
    ids: Sequence[str] = field(default_factory=tuple)  # four fresh ids, in order of use


def address_of(bundle: object) -> Address:
    """Whom to answer, read forgivingly: even a broken message is answered where it can be."""
    document = as_object(bundle)
    message_id = as_text(document.get("id"))
    endpoint = request_id = None
    for entry in as_list(document.get("entry")):
        resource = as_object(entry.get("resource"))
        kind = resource.get("resourceType")
        if kind == "MessageHeader":
            endpoint = as_text(as_object(resource.get("source")).get("endpoint"))
            message_id = message_id or as_text(resource.get("id"))
        elif kind == "ServiceRequest" and request_id is None:
            identifiers = as_list(resource.get("identifier"))
            first = as_text(identifiers[0].get("value")) if identifiers else None
            request_id = first or as_text(resource.get("id"))
    return Address(message_id, endpoint, request_id)


def response_bundle(reply: Reply, *, sender: str, now: datetime) -> dict[str, Any]:
    """The response message (`sender`: Linkwork's own FHIR endpoint)."""
    bundle_id, header_id, request_id, outcome_id = reply.ids
    outcome = {**operation_outcome(reply.issues), "id": outcome_id}
    entries: list[dict[str, Any]] = [_entry(outcome)]
    focus = outcome_id
    if reply.request_status is not None:
        entries.insert(0, _entry(_service_request(reply, request_id)))
        focus = request_id
    header: dict[str, Any] = {
        "resourceType": "MessageHeader",
        "id": header_id,
        "eventCoding": RESPONSE_EVENT,
        "reason": {"coding": [{"system": REASON_SYSTEM, "code": "new"}]},
        "source": {"name": "Linkwork", "endpoint": sender},
        "response": {
            "identifier": _fhir_id(reply.address.message_id),
            "code": reply.code,
            "details": {"reference": f"urn:uuid:{outcome_id}"},
        },
        "focus": [{"reference": f"urn:uuid:{focus}"}],
    }
    if reply.address.endpoint:
        header["destination"] = [{"endpoint": reply.address.endpoint}]
    return {
        "resourceType": "Bundle",
        "id": bundle_id,
        "meta": {"lastUpdated": _instant(now)},
        "identifier": {"system": "urn:ietf:rfc:3986", "value": f"urn:uuid:{bundle_id}"},
        "type": "message",
        "timestamp": _instant(now),
        "entry": [_entry(header), *entries],
    }


def _service_request(reply: Reply, request_id: str) -> dict[str, Any]:
    subject: dict[str, Any] = (
        {"identifier": {"system": NHS_NUMBER_SYSTEM, "value": reply.nhs_number}}
        if reply.nhs_number
        else {"display": "the person referred"}
    )
    request: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "id": request_id,
        "status": reply.request_status,
        "intent": "order",
        "subject": subject,
    }
    if reply.address.source_referral_id:
        request["identifier"] = [{"value": reply.address.source_referral_id}]
    return request


def _entry(resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _fhir_id(value: str | None) -> str:
    """MessageHeader.response.identifier is a FHIR id: a sender's id that is not one (or none
    at all) is answered as unidentified rather than breaking the response."""
    return value if value and _FHIR_ID.match(value) else "unidentified"


def _instant(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
