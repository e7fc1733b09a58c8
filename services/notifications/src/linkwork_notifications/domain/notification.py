"""What a notification is before it is sent: who it is for (an audience, resolved later to
recipients with addresses), by which channels, from which template, with which facts."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    IN_APP = "in_app"
    EMAIL = "email"
    SMS = "sms"


STAFF_CHANNELS = (Channel.IN_APP, Channel.EMAIL)


class AudienceKind(StrEnum):
    LINK_WORKER = "link_worker"  # key: the link worker's user id (token `sub`)
    TEAM_MANAGERS = "team_managers"  # key: team id; in-app to the team's shared inbox
    PRACTICE = "practice"  # key: ODS code of the referring practice
    PROVIDER = "provider"  # key: organisation id of the service's provider
    PERSON = "person"  # key: referral id; the person referred
    SAFEGUARDING_LEADS = "safeguarding_leads"  # key: team id; each lead, in their own inbox
    # key: team id; the team's shared inbox and each manager's own, and each manager's e-mail
    EACH_MANAGER = "each_manager"
    # No key (""): every team's safeguarding leads, and every team's managers, each in their
    # own inbox and by e-mail: those who hear of a concern no team answers for yet.
    EVERY_LEAD = "every_lead"
    EVERY_MANAGER = "every_manager"


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    key: str
    fallback_email: str | None = None  # an address the event itself carried


@dataclass(frozen=True)
class NotificationIntent:
    """One rule's verdict: tell `audience`, by `channels`, with `template` and `context`.

    A reminder of something booked names when it starts (`remind_ahead_of`): it is sent the
    reminder lead before that, and never at or after it. An `urgent` one goes out at once.
    """

    audience: Audience
    channels: tuple[Channel, ...]
    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    remind_ahead_of: datetime | None = None
    # Told at once, whatever the hour: quiet hours never hold it back (a safety alert).
    urgent: bool = False


@dataclass(frozen=True)
class Recipient:
    """Someone with an inbox id and, where known, addresses and channel preferences."""

    recipient_id: str
    email: str | None = None
    phone: str | None = None
    accepts: frozenset[Channel] = frozenset(Channel)
    is_person: bool = False  # the person referred: quiet hours apply

    def address(self, channel: Channel) -> str | None:
        return {Channel.EMAIL: self.email, Channel.SMS: self.phone}.get(channel)


def inbox_id(kind: AudienceKind, key: str) -> str:
    """The recipient id of an audience's inbox: a user id, or `<kind>:<key>` for the others."""
    prefix = {
        AudienceKind.LINK_WORKER: "",
        AudienceKind.TEAM_MANAGERS: "team:",
        AudienceKind.PRACTICE: "practice:",
        AudienceKind.PROVIDER: "provider:",
        AudienceKind.PERSON: "person:",
    }[kind]
    return f"{prefix}{key}"


def notification_id(source_event_id: str, recipient_id: str, channel: str) -> str:
    """The same (event, recipient, channel) always names the same notification."""
    return str(
        uuid.uuid5(uuid.NAMESPACE_URL, f"linkwork:{source_event_id}:{recipient_id}:{channel}")
    )
