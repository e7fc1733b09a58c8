"""Reading an NHS Booking and Referral Standard (BaRS) FHIR message into a referral submission.

A BaRS referral is a FHIR R4 `Bundle` of type `message`: a `MessageHeader` whose `focus` is
the `ServiceRequest`, plus the `Patient`, practitioners, organisations and clinical context.
Entries refer to each other by `fullUrl` (`urn:uuid:...`) or `ResourceType/id`; entry order
carries no meaning and is never relied on. Structural faults raise `InvalidMessage` naming
where in the bundle they are. Clinical and demographic checks (the NHS number's Modulus 11
check among them) belong to `validation`, so a bad NHS number is carried through as sent.

Route rule: a referrer whose organisation has a GP practice ODS code (one letter and five
digits, e.g. B86001) is `gp`; every other BaRS sender is `other_health`.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, TypeGuard

from pydantic import ValidationError

from linkwork_referral.domain.fhir_bundle import (
    Entry,
    Resource,
    as_list,
    as_object,
    as_text,
    instant,
    message_entries,
)
from linkwork_referral.domain.fhir_message import (
    REFERRAL_EVENTS,
    message_header,
    service_request,
    subject_patient,
)
from linkwork_referral.domain.fhir_people import consent, person, referrer_of
from linkwork_referral.domain.fhir_reasons import FALLBACK_REASON, notes, reasons
from linkwork_schemas.catalogue import InvalidMessage
from linkwork_schemas.common import ReferralRoute, Urgency
from linkwork_schemas.gp_referral import ReferralSubmission

__all__ = ["FALLBACK_REASON", "REFERRAL_EVENTS", "is_bars_bundle", "parse_bars_bundle"]

_GP_PRACTICE_ODS = re.compile(r"^[A-Z][0-9]{5}$")


def is_bars_bundle(document: object) -> TypeGuard[dict[str, Any]]:
    """A FHIR Bundle, told apart from a JSON submission by its content."""
    return isinstance(document, dict) and document.get("resourceType") == "Bundle"


def parse_bars_bundle(bundle: dict[str, Any], *, received_at: datetime) -> ReferralSubmission:
    """The referral a BaRS message carries; InvalidMessage says what is missing and where."""
    entries = message_entries(bundle)
    header = message_header(entries)
    request = service_request(entries, header)
    patient = subject_patient(entries, request)
    referrer = referrer_of(entries, request, header)
    document: dict[str, Any] = {
        "source_system": source_system(header.resource),
        "source_referral_id": source_referral_id(request, header),
        "submitted_at": _submitted_at(bundle, received_at),
        "route": _route(referrer),
        "urgency": _urgency(request.resource),
        "referrer": referrer,
        "patient": {**person(patient), "consent_to_contact": consent(entries, patient)},
        "reasons": reasons(entries, request.resource),
        "notes": notes(request.resource),
    }
    try:
        return ReferralSubmission.model_validate(document)
    except ValidationError as exc:
        sections = {"patient": patient.where, "referrer": request.where + ".requester"}
        raise _located(exc, sections, request.where) from None


def _route(referrer: dict[str, Any]) -> ReferralRoute:
    ods = str(referrer.get("ods_code", "")).upper()
    return ReferralRoute.GP if _GP_PRACTICE_ODS.match(ods) else ReferralRoute.OTHER_HEALTH


def _urgency(request: Resource) -> Urgency:
    priority = as_text(request.get("priority"))
    return Urgency.ROUTINE if priority in (None, "routine") else Urgency.URGENT


def source_system(header: Resource) -> str:
    source = as_object(header.get("source"))
    name = as_text(source.get("name")) or as_text(source.get("endpoint")) or "BaRS"
    return name[:64]


def source_referral_id(request: Entry, header: Entry) -> str:
    identifiers = as_list(request.resource.get("identifier"))
    for candidate in (
        as_text(identifiers[0].get("value")) if identifiers else None,
        as_text(request.resource.get("id")),
        as_text(header.resource.get("id")),
    ):
        if candidate:
            return candidate
    raise InvalidMessage(
        "the ServiceRequest has no identifier or id", request.where + ".identifier"
    )


def _submitted_at(bundle: dict[str, Any], received_at: datetime) -> datetime:
    meta = as_object(bundle.get("meta"))
    for value in (bundle.get("timestamp"), meta.get("lastUpdated")):
        if moment := instant(value):
            return moment
    return received_at


def _located(exc: ValidationError, sections: dict[str, str], default: str) -> InvalidMessage:
    """Pydantic's first complaint, placed at the bundle entry the value came from."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    where = sections.get(str(first["loc"][0]), default) if first["loc"] else default
    return InvalidMessage(f"{field}: {first['msg']}", where)
