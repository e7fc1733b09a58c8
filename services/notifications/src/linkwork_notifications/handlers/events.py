"""The one handler of every consumed event: keep its envelope for ops, remember its case,
put it on the live feed, record the notifications it calls for and withdraw the reminders it
makes pointless. One transaction."""

from __future__ import annotations

from linkwork_notifications.domain.envelope_log import envelope_entry
from linkwork_notifications.domain.feed_items import event_item
from linkwork_notifications.domain.rules import notifications_for
from linkwork_notifications.handlers.notify import Notifier, record_notifications
from linkwork_notifications.handlers.projection import forget_ended, remember
from linkwork_notifications.handlers.withdrawals import withdraw_reminders
from linkwork_notifications.store import EventLog, Feed
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event


async def on_event(event: Event, tx: Transaction, notifier: Notifier) -> None:
    await EventLog(tx.db, tx.session).add(envelope_entry(event))
    case = await remember(event, tx)
    await Feed(tx.db, tx.session).append(event_item(event, case))
    await record_notifications(notifications_for(event, case), event, case, tx, notifier)
    await withdraw_reminders(event, tx, notifier.clock())
    await forget_ended(event, tx)
