"""A referral as its page shows it: the person, why they were referred and by whom, where the
referral stands, what has happened, and the changes the person viewing may make now (as the
referral service says: `allowed_actions`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linkwork_console.domain.people import full_name, long_date, nhs_number

STATUS = {
    "received": ("Received", "nhsuk-tag--grey"),
    "awaiting_triage": ("Waiting for triage", "nhsuk-tag--orange"),
    "possible_duplicate": ("Possible duplicate", "nhsuk-tag--orange"),
    "awaiting_capacity": ("Waiting for a place", "nhsuk-tag--yellow"),
    "assigned": ("Assigned", "nhsuk-tag--blue"),
    "accepted": ("Accepted", "nhsuk-tag--green"),
    "declined": ("Declined", "nhsuk-tag--red"),
    "withdrawn": ("Withdrawn", "nhsuk-tag--grey"),
    "closed": ("Closed", "nhsuk-tag--grey"),
}
CONTACT_METHODS = {
    "phone": "Phone call",
    "sms": "Text message",
    "email": "Email",
    "letter": "Letter",
    "visit": "Visit",
}
CONTACT_OUTCOMES = {
    "reached": "Spoke to them",
    "no_answer": "No answer",
    "left_message": "Left a message",
    "wrong_number": "Wrong number or address",
    "other": "Something else",
}
DONE = {
    "contact": "Contact attempt recorded",
    "accepted": "Referral accepted: their journey is starting",
    "declined": "Referral declined: the referrer will be told",
    "withdrawn": "Referral withdrawn",
    "distinct": "Recorded as a new case: it is being assigned",
    "duplicate": "Withdrawn as a duplicate of the open referral",
    "reassigned": "Referral given to another link worker",
}


@dataclass(frozen=True)
class Line:
    """A history line: when, what, who."""

    at: str
    what: str
    by: str


def status_of(referral: Mapping[str, Any]) -> tuple[str, str]:
    return STATUS.get(referral.get("status", ""), (referral.get("status", ""), "nhsuk-tag--grey"))


def person_rows(person: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The person's details, in the order a link worker reads them before a call."""
    channel = person.get("preferred_channel")
    agreed = person.get("consent_to_contact")
    consent = "Not recorded" if agreed is None else ("Yes" if agreed else "No")
    address = [*person.get("address_lines", []), person.get("postcode") or ""]
    return [
        ("Name", full_name(person)),
        ("NHS number", nhs_number(person.get("nhs_number"))),
        ("Date of birth", long_date(person.get("birth_date")) or "Not given"),
        ("Address", ", ".join(part for part in address if part) or "Not given"),
        ("Phone", person.get("phone") or "Not given"),
        ("Email", person.get("email") or "Not given"),
        ("Prefers", str(channel).replace("_", " ") if channel else "Not said"),
        ("Agreed to be contacted", consent),
    ]


def history_of(referral: Mapping[str, Any]) -> list[Line]:
    lines = []
    for entry in referral.get("history", []):
        what = _words(entry.get("event", ""))
        if entry.get("reason"):
            what += f": {entry['reason']}"
        if entry.get("outcome"):
            what += f" ({CONTACT_OUTCOMES.get(entry['outcome'], entry['outcome']).lower()})"
        lines.append(Line(long_date(entry.get("at")), what, entry.get("by") or ""))
    return lines


def _words(event: str) -> str:
    """`ReferralAccepted` as 'Referral accepted'."""
    spaced = "".join(f" {c.lower()}" if c.isupper() else c for c in event).strip()
    return spaced[:1].upper() + spaced[1:]
