"""Building blocks of the rules: a notification to staff (in-app and e-mail; `urgently`: at
once, whatever the hour), and a reminder to the person referred, only by the one channel they
chose and consent to now (if any)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.notification import (
    STAFF_CHANNELS,
    Audience,
    AudienceKind,
    NotificationIntent,
)
from linkwork_notifications.domain.person_contact import reminder_channel

LINK_WORKER, TEAM = AudienceKind.LINK_WORKER, AudienceKind.TEAM_MANAGERS
LEADS, EACH_MANAGER = AudienceKind.SAFEGUARDING_LEADS, AudienceKind.EACH_MANAGER
EVERY_LEAD, EVERY_MANAGER = AudienceKind.EVERY_LEAD, AudienceKind.EVERY_MANAGER
UNASSIGNED_TEAM = "unassigned"  # the team inbox of referrals no team serves yet
# The shared inbox of referrals awaiting triage, which every manager of a team reads: a
# referral no practice or catchment routes is every manager's to route.
TRIAGE = "triage"


def to_staff(kind: AudienceKind, key: str, template: str, **context: Any) -> NotificationIntent:
    return NotificationIntent(Audience(kind, key), STAFF_CHANNELS, template, context)


def urgently(kind: AudienceKind, key: str, template: str, **context: Any) -> NotificationIntent:
    """A safety alert to staff, in-app and by e-mail, at once whatever the hour."""
    return NotificationIntent(Audience(kind, key), STAFF_CHANNELS, template, context, urgent=True)


def reminder(
    case: CaseView, template: str, ahead_of: datetime | None = None, **context: Any
) -> list[NotificationIntent]:
    """A message to the person; `ahead_of`: the start of what it reminds them of, if booked."""
    channel = reminder_channel(case.person, case.consented)
    if channel is None or case.person is None or case.referral_id is None:
        return []
    audience = Audience(AudienceKind.PERSON, case.referral_id)
    context = {"given_name": case.person.given_name, **context}
    return [NotificationIntent(audience, (channel,), template, context, ahead_of)]
