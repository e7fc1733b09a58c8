"""Who a BaRS message is about and from: the patient, the referrer and consent to contact."""

from __future__ import annotations

import re
from typing import Any, Final

from linkwork_referral.domain.fhir_bundle import (
    Entry,
    MessageEntries,
    Resource,
    address_lines,
    as_list,
    as_text,
    preferred,
    strings,
    telecom,
)
from linkwork_schemas.catalogue import InvalidMessage

NHS_NUMBER_SYSTEM: Final = "https://fhir.nhs.uk/Id/nhs-number"
ODS_SYSTEM: Final = "https://fhir.nhs.uk/Id/ods-organization-code"
_FULL_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def person(patient: Entry) -> dict[str, Any]:
    resource = patient.resource
    given, family = _human_name(resource, patient.where)
    address = preferred(as_list(resource.get("address")))
    birth = as_text(resource.get("birthDate"))
    nhs = [i for i in as_list(resource.get("identifier")) if i.get("system") == NHS_NUMBER_SYSTEM]
    return {
        "nhs_number": as_text(nhs[0].get("value")) if nhs else None,
        "given_name": given,
        "family_name": family,
        # FHIR allows "1959" or "1959-05"; the contract needs a day, so leave it out, not guess.
        "birth_date": birth if birth and _FULL_DATE.match(birth) else None,
        "gender": as_text(resource.get("gender")),
        "address_lines": address_lines(address),
        "postcode": as_text(address.get("postalCode")),
        "phone": telecom(resource, "phone", "sms"),
        "email": telecom(resource, "email"),
    }


def _human_name(resource: Resource, where: str) -> tuple[str, str]:
    name = preferred(as_list(resource.get("name")), ("official", "usual"))
    given = " ".join(strings(name.get("given")))
    family = as_text(name.get("family")) or ""
    if not (given or family) and (text := as_text(name.get("text"))):
        *first, last = text.split()
        given, family = " ".join(first), last
    if not (given or family):
        raise InvalidMessage("the Patient has no name", where + ".name")
    return given, family


def _display_name(resource: Resource) -> str | None:
    name = preferred(as_list(resource.get("name")), ("official", "usual"))
    if text := as_text(name.get("text")):
        return text
    parts = [*strings(name.get("prefix")), *strings(name.get("given")), name.get("family")]
    return " ".join(strings(parts)) or None


def referrer_of(entries: MessageEntries, request: Entry, header: Entry) -> dict[str, Any]:
    """Who referred: the requester, with the message's sender filling what it leaves out."""
    requester = request.resource.get("requester")
    practitioner, organisation = _parties(entries, requester, f"{request.where}.requester")
    if organisation is None or practitioner is None:
        sender = header.resource.get("sender")
        sender_practitioner, sender_organisation = _parties(
            entries, sender, f"{header.where}.sender"
        )
        practitioner = practitioner or sender_practitioner
        organisation = organisation or sender_organisation
    found = {
        "ods_code": _ods_code(organisation),
        "organisation_name": as_text(organisation.get("name")) if organisation else None,
        "practitioner_name": _display_name(practitioner) if practitioner else None,
        "practitioner_id": _first_identifier(practitioner),
        "email": telecom(practitioner, "email") if practitioner else None,
    }
    return {key: value for key, value in found.items() if value is not None}


def _parties(
    entries: MessageEntries, reference: object, where: str
) -> tuple[Resource | None, Resource | None]:
    """(practitioner, organisation) behind a requester or sender reference at `where`; a
    reference to the wrong kind of entry (itself, a loop through PractitionerRole) refused."""
    kinds = ("PractitionerRole", "Practitioner", "Organization")
    entry = entries.resolve_only_as(reference, where, *kinds)
    if entry is None:
        return None, _logical_organisation(reference)
    if entry.type == "Practitioner":
        return entry.resource, None
    if entry.type == "Organization":
        return None, entry.resource
    role = entry.resource
    practitioner = entries.resolve_only_as(
        role.get("practitioner"), f"{entry.where}.practitioner", "Practitioner"
    )
    organisation = entries.resolve_only_as(
        role.get("organization"), f"{entry.where}.organization", "Organization"
    )
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
    for identifier in as_list(organisation.get("identifier") if organisation else None):
        if identifier.get("system") == ODS_SYSTEM and (value := as_text(identifier.get("value"))):
            return value
    return None


def _first_identifier(resource: Resource | None) -> str | None:
    identifiers = as_list(resource.get("identifier") if resource else None)
    return as_text(identifiers[0].get("value")) if identifiers else None


def consent(entries: MessageEntries, patient: Entry) -> bool | None:
    """Agreement to be contacted: a refusal anywhere outweighs an agreement."""
    consents = entries.of_type("Consent")
    about = [c for c in consents if entries.resolve(c.resource.get("patient")) == patient]
    statuses = {c.resource.get("status") for c in about or consents}
    if statuses & {"rejected", "inactive"}:
        return False
    return True if "active" in statuses else None
