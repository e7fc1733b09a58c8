"""What every consumed event calls for, as a list of steps in one transaction: keep its
envelope for ops, remember its case (and a safeguarding concern it raises, once), put it on the live
feed, record the notifications it calls for, withdraw the reminders it makes pointless, close
the lone-working alert a late check-out ends, and forget what an ended referral no longer
needs."""

from __future__ import annotations

from linkwork_notifications.actions.cases import forget_ended, remember
from linkwork_notifications.actions.lone_working import close_overdue_alert
from linkwork_notifications.actions.notify import Notifier, record_notifications
from linkwork_notifications.actions.safeguarding import open_concern
from linkwork_notifications.actions.withdrawals import withdraw_reminders
from linkwork_notifications.domain.envelope_log import envelope_entry
from linkwork_notifications.domain.feed_items import event_item
from linkwork_notifications.domain.rules import notifications_for
from linkwork_notifications.store import Tx
from linkwork_schemas import Event


async def respond_to(tx: Tx, event: Event, notifier: Notifier) -> None:
    await tx.store.event_log.add_at_commit(envelope_entry(event))
    case = await open_concern(tx, event, await remember(tx, event))
    await tx.store.feed.append(event_item(event, case), tx.now)
    tx.after_commit(notifier.feed_written.wake)
    await record_notifications(tx, notifications_for(event, case), event, case, notifier)
    await withdraw_reminders(tx, event)
    await close_overdue_alert(tx, event)
    await forget_ended(tx, event)
