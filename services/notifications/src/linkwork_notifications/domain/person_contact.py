"""The person referred as far as notifications need them: how, and whether, they may be
contacted. A reminder goes only where consent and a preferred channel are recorded."""

from __future__ import annotations

from dataclasses import dataclass

from linkwork_notifications.domain.notification import Channel


@dataclass(frozen=True)
class PersonContact:
    given_name: str
    phone: str | None = None
    email: str | None = None
    preferred_channel: str | None = None
    consent_to_contact: bool | None = None


def reminder_channel(person: PersonContact | None) -> Channel | None:
    """The one channel a reminder may use, or None: no consent, no preference, no address."""
    if person is None or person.consent_to_contact is not True:
        return None
    if person.preferred_channel == Channel.SMS and person.phone:
        return Channel.SMS
    if person.preferred_channel == Channel.EMAIL and person.email:
        return Channel.EMAIL
    return None
