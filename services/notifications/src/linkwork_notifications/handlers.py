"""Handlers of events the notifications service consumes."""

from __future__ import annotations

from linkwork_notifications.domain.envelope_log import envelope_entry
from linkwork_notifications.store import EventLog
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event


async def on_any_event(event: Event, tx: Transaction) -> None:
    """Keep the envelope of every event for the ops view."""
    await EventLog(tx.db, tx.session).add(envelope_entry(event))
