"""Consent by purpose, as the referral keeps it: one current record per purpose (who recorded
it, when, from what source, until when), replaced by a later record and removed by a
withdrawal. Pure: what holds at a given time, and what the intake's own words consent to."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from linkwork_schemas.common import ContactChannel, Person
from linkwork_schemas.referral import ConsentPurpose, ConsentRecordedPayload, ConsentSource

# The channel a person chose, as the purpose that lets a message go by it.
CHANNEL_PURPOSE = {
    ContactChannel.SMS: ConsentPurpose.SMS,
    ContactChannel.EMAIL: ConsentPurpose.EMAIL,
}


def kept(payload: ConsentRecordedPayload) -> dict[str, Any]:
    """A consent as the referral stores it, under its purpose."""
    return {
        "source": payload.source.value,
        "recorded_by": payload.recorded_by,
        "recorded_at": payload.recorded_at,
        "expires_at": payload.expires_at,
    }


def holds(consent: Mapping[str, Any] | None, at: datetime) -> bool:
    """Whether a kept consent is current at `at`: recorded and not yet expired."""
    if consent is None:
        return False
    expires_at = consent.get("expires_at")
    return expires_at is None or _aware(expires_at) > at


def current(consents: Mapping[str, Mapping[str, Any]], at: datetime) -> list[dict[str, Any]]:
    """The consents that hold at `at`, one per purpose, in the purposes' order."""
    return [
        {"purpose": purpose.value, **consents[purpose.value]}
        for purpose in ConsentPurpose
        if holds(consents.get(purpose.value), at)
    ]


def from_referral(
    referral_id: str, person: Person, recorded_by: str, at: datetime
) -> list[ConsentRecordedPayload]:
    """What the referral itself consents to: `consent_to_contact` is a `contact` consent, and
    with it the channel the person chose to be reached by (SMS or e-mail) is that channel's."""
    if person.consent_to_contact is not True:
        return []
    purposes = [ConsentPurpose.CONTACT]
    channel = CHANNEL_PURPOSE.get(person.preferred_channel) if person.preferred_channel else None
    if channel is not None:
        purposes.append(channel)
    return [
        ConsentRecordedPayload(
            referral_id=referral_id,
            purpose=purpose,
            source=ConsentSource.REFERRAL,
            recorded_by=recorded_by,
            recorded_at=at,
        )
        for purpose in purposes
    ]


def _aware(value: datetime) -> datetime:
    """MongoDB may hand datetimes back naive (in UTC)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)
