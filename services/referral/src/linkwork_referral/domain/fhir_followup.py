"""BaRS follow-up messages: the sender cancels or changes a referral it sent before.

BaRS tells them apart by the MessageHeader's `reason` (CodeSystem message-reason-bars: `new`
for a referral, `update` for anything about one the receiver already has) and, for an update,
by the ServiceRequest's status: `revoked` or `entered-in-error` cancels the referral, any
other status changes it (BaRS implementation guide, "Standard Pattern: bundle processing").
A cancellation may be stripped back (no Patient, no reasons): only what finds the referral
is read. An update carries the referral as it now is and is read as a referral is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from linkwork_referral.domain.fhir_bars import (
    parse_bars_bundle,
    source_referral_id,
    source_system,
)
from linkwork_referral.domain.fhir_bundle import as_list, as_object, as_text, message_entries
from linkwork_referral.domain.fhir_message import message_header, service_request
from linkwork_schemas.gp_referral import ReferralSubmission

REASON_SYSTEM: Final = "https://fhir.nhs.uk/CodeSystem/message-reason-bars"
# The published BaRS example messages still code the reason in the older system.
REASON_SYSTEMS: Final = frozenset({REASON_SYSTEM, "https://fhir.nhs.uk/CodeSystem/message-reasons"})
CANCELLING: Final = frozenset({"revoked", "entered-in-error"})
CANCEL_WORDS: Final = {
    "revoked": "cancelled by the referrer",
    "entered-in-error": "cancelled by the referrer: sent in error",
}


@dataclass(frozen=True)
class FollowUp:
    """A cancellation or an update, and which referral it is about."""

    kind: Literal["cancel", "update"]
    message_id: str  # the bundle's id: a repeat of the same message is recognised by it
    source_system: str
    source_referral_id: str
    reason: str  # for a cancellation, words for the referral's history
    submission: ReferralSubmission | None = None  # for an update, the referral as it now is

    @property
    def source_key(self) -> str:
        return f"{self.source_system}:{self.source_referral_id}"


def message_reason(bundle: dict[str, Any]) -> str | None:
    """`new`, `update`, or None when the header gives no BaRS reason (read as `new`)."""
    for entry in as_list(bundle.get("entry")):
        resource = as_object(entry.get("resource"))
        if resource.get("resourceType") == "MessageHeader":
            for coding in as_list(as_object(resource.get("reason")).get("coding")):
                if coding.get("system") in REASON_SYSTEMS:
                    return as_text(coding.get("code"))
    return None


def is_follow_up(bundle: dict[str, Any]) -> bool:
    return message_reason(bundle) == "update"


def read_follow_up(bundle: dict[str, Any], *, received_at: datetime) -> FollowUp:
    """The follow-up a BaRS `update` message is; InvalidMessage says what is missing, where."""
    entries = message_entries(bundle)
    header = message_header(entries)
    request = service_request(entries, header)
    status = as_text(request.resource.get("status")) or "active"
    message_id = as_text(bundle.get("id")) or as_text(header.resource.get("id")) or ""
    system, referral_id = source_system(header.resource), source_referral_id(request, header)
    if status in CANCELLING:
        return FollowUp("cancel", message_id, system, referral_id, CANCEL_WORDS[status])
    submission = parse_bars_bundle(bundle, received_at=received_at)
    return FollowUp(
        "update", message_id, system, referral_id, "updated by the referrer", submission
    )
