"""Consumer handlers of the notifications service.

Every event it consumes, from every topic it watches, takes the one path of `actions.events`.
"""

from __future__ import annotations

from collections.abc import Sequence

from linkwork_notifications.actions import events
from linkwork_notifications.actions.notify import Notifier
from linkwork_notifications.store import Tx
from linkwork_schemas import Event


async def on_event(event: Event, tx: Tx, notifier: Notifier) -> None:
    """Log it, follow its case, feed it, tell whom it concerns: one transaction."""
    await events.respond_to(tx, event, notifier)


async def expect_cases(events: Sequence[Event], tx: Tx) -> None:
    """A batch's cases, read at once before its events are handled one by one."""
    ids = (getattr(event.payload, "referral_id", None) for event in events)
    await tx.store.cases.expect(str(i) for i in ids if i)
