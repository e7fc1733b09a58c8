"""Record the notifications an event calls for, inside the consumer's transaction.

In-app notifications are delivered right here (they are a write to this service's own
database); e-mail and SMS are recorded as pending deliveries for the dispatcher, which sends
them after the commit. A delivery that can never be made (no address) fails here, visibly; one
that would be too late to be of use is recorded as cancelled, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from linkwork_notifications.actions.outcomes import announce_failed, announce_sent
from linkwork_notifications.actions.recipients import resolve
from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.delivery_plan import PlannedDelivery, plan_deliveries
from linkwork_notifications.domain.feed_items import inbox_kind, notification_item
from linkwork_notifications.domain.notification import (
    Channel,
    NotificationIntent,
    notification_id,
)
from linkwork_notifications.domain.quiet_hours import QuietHours
from linkwork_notifications.rendering import RenderedMessage, Renderer
from linkwork_notifications.store import Tx
from linkwork_notifications.store.deliveries import CANCELLED, FAILED, PENDING, SENT
from linkwork_runtime.mongo import Document
from linkwork_runtime.wakeups import Wakeups
from linkwork_schemas import Event


@dataclass(frozen=True)
class Notifier:
    """What recording notifications needs beyond the transaction; built in the app."""

    renderer: Renderer
    quiet: QuietHours
    reminder_lead: timedelta  # how long before a booked contact the person is reminded
    # Woken when a commit added feed items: the live feed's streams read them at once.
    feed_written: Wakeups = field(default_factory=Wakeups)


async def record_notifications(
    tx: Tx, intents: list[NotificationIntent], event: Event, case: CaseView, n: Notifier
) -> None:
    now = tx.now
    seen: set[tuple[str, Channel]] = set()  # one per (recipient, channel), whatever the rules
    for intent in intents:
        message = n.renderer.render(intent.template, intent.context)
        recipients = await resolve(tx, intent.audience, case)
        for planned in plan_deliveries(intent, recipients, now, n.quiet, n.reminder_lead):
            if (planned.recipient_id, planned.channel) in seen:
                continue
            seen.add((planned.recipient_id, planned.channel))
            delivery = _delivery(event, case, intent.template, planned, message, now)
            await _record(tx, delivery, planned, now)


async def _record(tx: Tx, delivery: Document, planned: PlannedDelivery, now: datetime) -> None:
    deliveries = tx.store.deliveries
    if planned.channel == Channel.IN_APP:
        delivery |= {"status": SENT, "sent_at": now, "attempts": [{"at": now, "outcome": "sent"}]}
        await deliveries.add(_final(delivery))
        notification = _in_app(delivery)
        await tx.store.inbox.add_at_commit(notification)
        await tx.store.feed.append(notification_item(notification), now)
        await announce_sent(tx, delivery, now)
    elif planned.withheld:
        delivery |= {
            "status": CANCELLED,
            "cancelled_at": now,
            "cancellation_reason": planned.withheld,
        }
        await deliveries.add(_final(delivery))
    elif planned.problem:
        delivery |= {"status": FAILED, "failed_at": now, "failure_reason": planned.problem}
        await deliveries.add(_final(delivery))
        await announce_failed(tx, delivery, planned.problem, "no_address")
    else:
        await deliveries.add(delivery)


def _delivery(
    event: Event,
    case: CaseView,
    template: str,
    planned: PlannedDelivery,
    message: RenderedMessage,
    now: datetime,
) -> Document:
    body = message.sms if planned.channel == Channel.SMS else message.body
    return {
        "_id": notification_id(str(event.event_id), planned.recipient_id, planned.channel),
        "source_event_id": str(event.event_id),
        "source_event_type": event.event_type,
        "correlation_id": event.correlation_id,
        "recipient_id": planned.recipient_id,
        "channel": planned.channel.value,
        "template": template,
        "referral_id": case.referral_id,
        "journey_id": case.journey_id,
        # The link a notification is about (a provider's answer, a new link): where it leads.
        "link_id": getattr(event.payload, "link_id", None),
        # The safeguarding concern it is about: what its reader may acknowledge.
        "concern_id": getattr(event.payload, "concern_id", None),
        "urgent": planned.urgent,
        "address": planned.address,
        "message": {"subject": message.subject, "body": body},
        "status": PENDING,
        "not_before": planned.not_before,
        "send_before": planned.send_before,
        "quiet_hours": planned.quiet_hours,
        "attempts": [],
        "created_at": now,
    }


def _final(delivery: Document) -> Document:
    """A final delivery keeps no address; the in-app message lives in the inbox."""
    return {k: v for k, v in delivery.items() if k not in ("address", "message")}


def _in_app(delivery: Document) -> Document:
    return {
        "_id": delivery["_id"],
        "recipient_id": delivery["recipient_id"],
        "inbox_kind": inbox_kind(delivery["recipient_id"]),
        "template": delivery["template"],
        "title": delivery["message"]["subject"],
        "body": delivery["message"]["body"],
        "source_event_id": delivery["source_event_id"],
        "source_event_type": delivery["source_event_type"],
        "referral_id": delivery["referral_id"],
        "journey_id": delivery["journey_id"],
        "link_id": delivery.get("link_id"),
        "concern_id": delivery.get("concern_id"),
        "urgent": delivery.get("urgent", False),
        "created_at": delivery["created_at"],
        "read_at": None,
    }
