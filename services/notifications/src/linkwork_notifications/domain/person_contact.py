"""The person referred as far as notifications need them: how, and whether, they may be
contacted. A message goes only by the channel they chose, with an address, and with their
current consent to be contacted and to that channel (`contact` and `sms` or `email`)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from linkwork_notifications.domain.notification import Channel


@dataclass(frozen=True)
class PersonContact:
    given_name: str
    phone: str | None = None
    email: str | None = None
    preferred_channel: str | None = None
    consent_to_contact: bool | None = None


# What a message by each channel needs the person to have agreed to.
CONSENT_NEEDED = {Channel.SMS: ("contact", "sms"), Channel.EMAIL: ("contact", "email")}


def reminder_channel(
    person: PersonContact | None, consented: Collection[str] | None = None
) -> Channel | None:
    """The one channel a message to the person may use, or None: no preference, no address,
    or no current consent. `consented`: the purposes that hold now; None for a referral made
    before consents were kept by purpose, read by its `consent_to_contact` alone."""
    if person is None:
        return None
    if person.preferred_channel == Channel.SMS and person.phone:
        channel = Channel.SMS
    elif person.preferred_channel == Channel.EMAIL and person.email:
        channel = Channel.EMAIL
    else:
        return None
    if consented is None:
        return channel if person.consent_to_contact is True else None
    return channel if all(p in consented for p in CONSENT_NEEDED[channel]) else None


def consents_holding(kept: Mapping[str, Any] | None, at: datetime) -> frozenset[str] | None:
    """The purposes a case's kept consents (purpose: `{"expires_at"}`, or None once withdrawn)
    hold at `at`; None when no consent was ever heard of for the case."""
    if kept is None:
        return None
    return frozenset(purpose for purpose, held in kept.items() if _holds(held, at))


def _holds(held: Mapping[str, Any] | None, at: datetime) -> bool:
    if held is None:
        return False
    expires_at: datetime | None = held.get("expires_at")
    if expires_at is None:
        return True
    return (expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)) > at
