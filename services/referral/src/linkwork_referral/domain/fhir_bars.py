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
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, TypeGuard

from pydantic import ValidationError

from linkwork_schemas.catalogue import InvalidMessage
from linkwork_schemas.common import ReferralRoute, Urgency
from linkwork_schemas.gp_referral import ReferralSubmission

Resource = dict[str, Any]

NHS_NUMBER_SYSTEM: Final = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM: Final = "https://fhir.nhs.uk/Id/ods-organization-code"
# The current BaRS event, and the older coding the published example messages still use.
REFERRAL_EVENTS: Final = frozenset(
    {
        ("https://fhir.nhs.uk/CodeSystem/message-events-bars", "servicerequest-request"),
        ("https://fhir.nhs.uk/CodeSystem/message-event", "admin-notify"),
    }
)
FALLBACK_REASON: Final = "Referral via BaRS"
_GP_PRACTICE_ODS = re.compile(r"^[A-Z][0-9]{5}$")
_FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NOTES_LIMIT: Final = 4000  # ReferralSubmission.notes max_length


@dataclass(frozen=True, eq=False)  # an entry is itself: compared by identity
class Entry:
    """One resource in the bundle and where it sits, for error locations."""

    resource: Resource
    where: str

    @property
    def type(self) -> str | None:
        return _text(self.resource.get("resourceType"))


class MessageEntries:
    """The entries of a message bundle, found by reference rather than by position."""

    def __init__(self, entries: list[Entry], full_urls: dict[str, list[Entry]]) -> None:
        self.entries = entries
        self._keys: dict[str, list[Entry]] = dict(full_urls)
        for entry in entries:
            if (ident := _text(entry.resource.get("id"))) and entry.type:
                # Real senders also write bare ids ("reference": "<uuid>"); kept if unambiguous.
                for key in (f"{entry.type}/{ident}", ident):
                    if entry not in (found := self._keys.setdefault(key, [])):
                        found.append(entry)

    def resolve(self, reference: object) -> Entry | None:
        """The entry a FHIR Reference points at; None when absent or ambiguous."""
        target = _text(reference.get("reference")) if isinstance(reference, dict) else None
        if target is None:
            return None
        target = target.split("/_history/")[0]
        parts = target.rstrip("/").split("/")
        for key in (target, "/".join(parts[-2:])):
            found = self._keys.get(key, [])
            if len(found) == 1:
                return found[0]
        return None

    def resolve_as(self, reference: object, *types: str) -> Entry | None:
        entry = self.resolve(reference)
        return entry if entry is not None and entry.type in types else None

    def of_type(self, resource_type: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.type == resource_type]


def is_bars_bundle(document: object) -> TypeGuard[dict[str, Any]]:
    """A FHIR Bundle, told apart from a JSON submission by its content."""
    return isinstance(document, dict) and document.get("resourceType") == "Bundle"


def parse_bars_bundle(bundle: dict[str, Any], *, received_at: datetime) -> ReferralSubmission:
    """The referral a BaRS message carries; InvalidMessage says what is missing and where."""
    entries = _message_entries(bundle)
    header = _message_header(entries)
    request = _service_request(entries, header)
    patient = _patient(entries, request)
    referrer = _referrer(entries, request.resource, header.resource)
    document: dict[str, Any] = {
        "source_system": _source_system(header.resource),
        "source_referral_id": _source_referral_id(request, header),
        "submitted_at": _submitted_at(bundle, received_at),
        "route": _route(referrer),
        "urgency": _urgency(request.resource),
        "referrer": referrer,
        "patient": {**_person(patient), "consent_to_contact": _consent(entries, patient)},
        "reasons": _reasons(entries, request.resource),
        "notes": _notes(request.resource),
    }
    try:
        return ReferralSubmission.model_validate(document)
    except ValidationError as exc:
        sections = {"patient": patient.where, "referrer": request.where + ".requester"}
        raise _located(exc, sections, request.where) from None


def _message_entries(bundle: object) -> MessageEntries:
    if not is_bars_bundle(bundle):
        raise InvalidMessage("a BaRS message must be a FHIR Bundle", "$.resourceType")
    if bundle.get("type") != "message":
        raise InvalidMessage("a BaRS message must be a Bundle of type 'message'", "$.type")
    raw = bundle.get("entry")
    if not isinstance(raw, list) or not raw:
        raise InvalidMessage("the message bundle has no entries", "$.entry")
    entries: list[Entry] = []
    full_urls: dict[str, list[Entry]] = {}
    for index, item in enumerate(raw):
        resource = item.get("resource") if isinstance(item, dict) else None
        if not isinstance(resource, dict):
            raise InvalidMessage("each entry must carry a resource object", f"$.entry[{index}]")
        entry = Entry(resource, f"$.entry[{index}].resource")
        entries.append(entry)
        if full_url := _text(item.get("fullUrl")):
            full_urls.setdefault(full_url, []).append(entry)
    return MessageEntries(entries, full_urls)


def _message_header(entries: MessageEntries) -> Entry:
    headers = entries.of_type("MessageHeader")
    if len(headers) != 1:
        found = "no MessageHeader" if not headers else "more than one MessageHeader"
        raise InvalidMessage(
            f"a BaRS message needs exactly one MessageHeader; found {found}", "$.entry"
        )
    header = headers[0]
    event = _object(header.resource.get("eventCoding"))
    if (event.get("system"), event.get("code")) not in REFERRAL_EVENTS:
        raise InvalidMessage(
            f"the message event {event.get('system')}|{event.get('code')} is not a referral "
            "request (expected servicerequest-request)",
            header.where + ".eventCoding",
        )
    return header


def _service_request(entries: MessageEntries, header: Entry) -> Entry:
    focus = _list(header.resource.get("focus"))
    if not focus:
        raise InvalidMessage("the MessageHeader has no focus", header.where + ".focus")
    for reference in focus:
        if found := entries.resolve_as(reference, "ServiceRequest"):
            return found
    raise InvalidMessage(
        "the MessageHeader focus does not resolve to a ServiceRequest in the bundle",
        header.where + ".focus[0].reference",
    )


def _patient(entries: MessageEntries, request: Entry) -> Entry:
    if subject := entries.resolve_as(request.resource.get("subject"), "Patient"):
        return subject
    patients = entries.of_type("Patient")
    if len(patients) == 1:  # an unresolvable subject is forgiven only when no doubt remains
        return patients[0]
    raise InvalidMessage(
        f"the ServiceRequest subject does not resolve to a Patient and the bundle has "
        f"{len(patients)} Patient entries",
        request.where + ".subject",
    )


def _person(patient: Entry) -> dict[str, Any]:
    resource = patient.resource
    given, family = _human_name(resource, patient.where)
    address = _preferred(_list(resource.get("address")))
    birth = _text(resource.get("birthDate"))
    nhs = [i for i in _list(resource.get("identifier")) if i.get("system") == NHS_NUMBER_SYSTEM]
    return {
        "nhs_number": _text(nhs[0].get("value")) if nhs else None,
        "given_name": given,
        "family_name": family,
        # FHIR allows "1959" or "1959-05"; the contract needs a day, so leave it out, not guess.
        "birth_date": birth if birth and _FULL_DATE.match(birth) else None,
        "gender": _text(resource.get("gender")),
        "address_lines": _address_lines(address),
        "postcode": _text(address.get("postalCode")),
        "phone": _telecom(resource, "phone", "sms"),
        "email": _telecom(resource, "email"),
    }


def _human_name(resource: Resource, where: str) -> tuple[str, str]:
    name = _preferred(_list(resource.get("name")), ("official", "usual"))
    given = " ".join(_strings(name.get("given")))
    family = _text(name.get("family")) or ""
    if not (given or family) and (text := _text(name.get("text"))):
        *first, last = text.split()
        given, family = " ".join(first), last
    if not (given or family):
        raise InvalidMessage("the Patient has no name", where + ".name")
    return given, family


def _display_name(resource: Resource) -> str | None:
    name = _preferred(_list(resource.get("name")), ("official", "usual"))
    if text := _text(name.get("text")):
        return text
    parts = [*_strings(name.get("prefix")), *_strings(name.get("given")), name.get("family")]
    return " ".join(_strings(parts)) or None


def _referrer(entries: MessageEntries, request: Resource, header: Resource) -> dict[str, Any]:
    """Who referred: the requester, with the message's sender filling what it leaves out."""
    practitioner, organisation = _parties(entries, request.get("requester"))
    if organisation is None or practitioner is None:
        sender_practitioner, sender_organisation = _parties(entries, header.get("sender"))
        practitioner = practitioner or sender_practitioner
        organisation = organisation or sender_organisation
    found = {
        "ods_code": _ods_code(organisation),
        "organisation_name": _text(organisation.get("name")) if organisation else None,
        "practitioner_name": _display_name(practitioner) if practitioner else None,
        "practitioner_id": _first_identifier(practitioner),
        "email": _telecom(practitioner, "email") if practitioner else None,
    }
    return {key: value for key, value in found.items() if value is not None}


def _parties(entries: MessageEntries, reference: object) -> tuple[Resource | None, Resource | None]:
    """(practitioner, organisation) behind a requester or sender reference."""
    entry = entries.resolve_as(reference, "PractitionerRole", "Practitioner", "Organization")
    if entry is None:
        return None, _logical_organisation(reference)
    if entry.type == "Practitioner":
        return entry.resource, None
    if entry.type == "Organization":
        return None, entry.resource
    practitioner = entries.resolve_as(entry.resource.get("practitioner"), "Practitioner")
    organisation = entries.resolve_as(entry.resource.get("organization"), "Organization")
    return (
        practitioner.resource if practitioner else None,
        organisation.resource if organisation else None,
    )


def _logical_organisation(reference: object) -> Resource | None:
    """BaRS senders are often named by ODS identifier alone, with nothing in the bundle."""
    if not isinstance(reference, dict):
        return None
    identifier = reference.get("identifier")
    if not isinstance(identifier, dict) or identifier.get("system") != ODS_SYSTEM:
        return None
    return {"identifier": [identifier], "name": reference.get("display")}


def _ods_code(organisation: Resource | None) -> str | None:
    for identifier in _list(organisation.get("identifier") if organisation else None):
        if identifier.get("system") == ODS_SYSTEM and (value := _text(identifier.get("value"))):
            return value
    return None


def _first_identifier(resource: Resource | None) -> str | None:
    identifiers = _list(resource.get("identifier") if resource else None)
    return _text(identifiers[0].get("value")) if identifiers else None


def _route(referrer: dict[str, Any]) -> ReferralRoute:
    ods = str(referrer.get("ods_code", "")).upper()
    return ReferralRoute.GP if _GP_PRACTICE_ODS.match(ods) else ReferralRoute.OTHER_HEALTH


def _urgency(request: Resource) -> Urgency:
    priority = _text(request.get("priority"))
    return Urgency.ROUTINE if priority in (None, "routine") else Urgency.URGENT


def _consent(entries: MessageEntries, patient: Entry) -> bool | None:
    """Agreement to be contacted: a refusal anywhere outweighs an agreement."""
    consents = entries.of_type("Consent")
    about = [c for c in consents if entries.resolve(c.resource.get("patient")) == patient]
    statuses = {c.resource.get("status") for c in about or consents}
    if statuses & {"rejected", "inactive"}:
        return False
    return True if "active" in statuses else None


def _reasons(entries: MessageEntries, request: Resource) -> list[dict[str, Any]]:
    reasons = [_concept_reason(c) for c in _list(request.get("reasonCode"))]
    for reference in _list(request.get("reasonReference")):
        target = entries.resolve_as(reference, "Condition", "Observation")
        if target is not None:
            reason = _concept_reason(target.resource.get("code"))
            noted = _note_texts(target.resource)
            if reason and noted:
                reason["text"] = f"{reason['text']}: {'; '.join(noted)}"
            reasons.append(reason or ({"text": "; ".join(noted)} if noted else None))
        elif display := _text(reference.get("display")):
            reasons.append({"text": display})
    by_text: dict[str, dict[str, Any]] = {}
    for reason in reasons:
        if reason:  # the same words twice (a code and its Observation) are one reason
            by_text.setdefault(reason["text"], reason)
    if by_text:
        return list(by_text.values())
    code = _object(request.get("code"))
    codings = _list(code.get("coding"))
    text = (
        "; ".join(_note_texts(request))
        or _text(code.get("text"))
        or (_text(codings[0].get("display")) if codings else None)
    )
    return [{"text": text or FALLBACK_REASON}]


def _concept_reason(concept: object) -> dict[str, Any] | None:
    """One reason from a CodeableConcept: its words, and its first usable coding."""
    if not isinstance(concept, dict):
        return None
    codings = [
        c for c in _list(concept.get("coding")) if _text(c.get("system")) and _text(c.get("code"))
    ]
    coding = codings[0] if codings else None
    display = _text(coding.get("display")) if coding else None
    label = _text(concept.get("text"))
    # The examples label the concept in `text` ("Pathways Assessment SD Code") and put the
    # meaning in the display; a person reading the reason needs both.
    text = f"{label}: {display}" if label and display and display not in label else label or display
    if text is None:
        return None
    reason: dict[str, Any] = {"text": text}
    if coding:
        reason["code"] = {
            k: coding[k] for k in ("system", "code", "display") if _text(coding.get(k))
        }
    return reason


def _notes(request: Resource) -> str | None:
    parts = _note_texts(request)
    if instruction := _text(request.get("patientInstruction")):
        parts.append(f"Patient instruction: {instruction}")
    notes = "\n".join(parts)
    if len(notes) > _NOTES_LIMIT:  # a long note is cut, not a reason to refuse the referral
        notes = notes[: _NOTES_LIMIT - 1] + "…"
    return notes or None


def _note_texts(resource: Resource) -> list[str]:
    # FHIR's note is a list of Annotations; the published examples send a single object.
    return [t for n in _list(resource.get("note")) if (t := _text(n.get("text")))]


def _source_system(header: Resource) -> str:
    source = _object(header.get("source"))
    name = _text(source.get("name")) or _text(source.get("endpoint")) or "BaRS"
    return name[:64]


def _source_referral_id(request: Entry, header: Entry) -> str:
    identifiers = _list(request.resource.get("identifier"))
    for candidate in (
        _text(identifiers[0].get("value")) if identifiers else None,
        _text(request.resource.get("id")),
        _text(header.resource.get("id")),
    ):
        if candidate:
            return candidate
    raise InvalidMessage(
        "the ServiceRequest has no identifier or id", request.where + ".identifier"
    )


def _submitted_at(bundle: dict[str, Any], received_at: datetime) -> datetime:
    meta = _object(bundle.get("meta"))
    for value in (bundle.get("timestamp"), meta.get("lastUpdated")):
        if moment := _instant(value):
            return moment
    return received_at


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def _telecom(resource: Resource, *systems: str) -> str | None:
    points = [t for t in _list(resource.get("telecom")) if t.get("system") in systems]
    point = _preferred(points, ("mobile", "home"))
    return _text(point.get("value"))


def _address_lines(address: Resource) -> list[str]:
    # Lines alone lose the town, which a letter needs; the postcode is kept separately.
    parts = [*_strings(address.get("line")), address.get("city"), address.get("district")]
    return list(dict.fromkeys(_strings(parts)))


def _preferred(items: list[Any], uses: tuple[str, ...] = ("home",)) -> Resource:
    """The item whose `use` comes first in `uses`, else the first not marked old."""
    current = [i for i in items if isinstance(i, dict) and i.get("use") != "old"]
    for use in uses:
        for item in current:
            if item.get("use") == use:
                return item
    return current[0] if current else {}


def _located(exc: ValidationError, sections: dict[str, str], default: str) -> InvalidMessage:
    """Pydantic's first complaint, placed at the bundle entry the value came from."""
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"])
    where = sections.get(str(first["loc"][0]), default) if first["loc"] else default
    return InvalidMessage(f"{field}: {first['msg']}", where)


def _list(value: object) -> list[Resource]:
    """A FHIR repeating element as a list of objects; a lone object counts as one."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def _object(value: object) -> Resource:
    return value if isinstance(value, dict) else {}


def _strings(value: object) -> list[str]:
    """The non-blank strings of a repeating string element, trimmed."""
    items = value if isinstance(value, list) else [value]
    return [text for item in items if (text := _text(item))]


def _text(value: object) -> str | None:
    """A string with content, trimmed; anything else is None."""
    return (value.strip() or None) if isinstance(value, str) else None
