"""Reminding a provider of a link it has not answered (ServiceLinkReminderDue), halfway to
its expiry and two days before, each once, from the timer in jobs.py."""

from __future__ import annotations

from linkwork_directory.domain import reminders
from linkwork_directory.domain.links import event_fields
from linkwork_directory.store import Tx
from linkwork_runtime.mongo import Document
from linkwork_schemas.directory import ServiceLinkReminderDue, ServiceLinkReminderDuePayload


async def remind(tx: Tx, link: Document) -> bool:
    """The reminder due on `link`, once; False when it was answered or reminded meanwhile."""
    which = reminders.due(link)
    at = link["next_reminder_at"]
    then = reminders.next_after(link, which) if which else None
    if not await tx.store.links.remind(link["_id"], at, then, which or "none"):
        return False
    if which is None:  # a plan this code no longer knows: nothing to say, nothing left due
        return False
    await tx.record(
        ServiceLinkReminderDue,
        aggregate_id=link["_id"],
        payload=ServiceLinkReminderDuePayload(
            **event_fields(link),
            service_name=link["service_name"],
            organization_id=link["organization_id"],
            provider_email=link.get("provider_email"),
            expires_at=link["expires_at"],
            reminder=which,
        ),
    )
    return True
