"""A late check-out ends the lone-working alert: the overdue notifications of that visit are
marked read and resolved in every inbox they went to (the managers are told it is safe by the
rule for the check-out). In the consumer's transaction."""

from __future__ import annotations

from linkwork_notifications.store import Tx
from linkwork_schemas import Event
from linkwork_schemas.journey import LoneWorkerCheckedOut


async def close_overdue_alert(tx: Tx, event: Event) -> None:
    if not isinstance(event, LoneWorkerCheckedOut) or not event.payload.late:
        return
    overdue = await tx.store.appointments.overdue_event(event.payload.appointment_id)
    if overdue is not None:
        await tx.store.inbox.resolve(overdue, tx.now)
