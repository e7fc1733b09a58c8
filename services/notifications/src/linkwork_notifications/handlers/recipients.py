"""Resolve an audience to recipients with their addresses and preferences: the service's own
recipient store first, then what the event carried (a provider's or referrer's e-mail)."""

from __future__ import annotations

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.delivery_plan import team_recipients
from linkwork_notifications.domain.notification import (
    Audience,
    AudienceKind,
    Recipient,
    inbox_id,
)
from linkwork_notifications.store import Recipients
from linkwork_runtime.unit_of_work import Transaction


async def resolve(audience: Audience, case: CaseView, tx: Transaction) -> list[Recipient]:
    recipients = Recipients(tx.db, tx.session)
    match audience.kind:
        case AudienceKind.TEAM_MANAGERS:
            return team_recipients(audience.key, await recipients.managers_of(audience.key))
        case AudienceKind.PERSON:
            person = case.person
            if person is None:
                return []
            recipient_id = inbox_id(AudienceKind.PERSON, audience.key)
            return [Recipient(recipient_id, person.email, person.phone, is_person=True)]
        case _:
            recipient_id = inbox_id(audience.kind, audience.key)
            return [await recipients.recipient(recipient_id, audience.fallback_email)]
