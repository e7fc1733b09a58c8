"""The escalation timer: a safeguarding concern still unacknowledged SAFEGUARDING_ESCALATE_HOURS
after it was raised is escalated to every manager of its team, once.

Restart-safe: what is due is read from the database at every pass, and each concern is
escalated in its own transaction whose conditional update (open -> escalated) commits with the
event and the notifications, so a second pass, a replica or a restart never escalates twice
(`actions.safeguarding.escalate`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from linkwork_notifications.actions.notify import Notifier
from linkwork_notifications.actions.safeguarding import escalate
from linkwork_notifications.settings import Settings
from linkwork_notifications.store import Store, Tx
from linkwork_notifications.store.feed import NUMBERING
from linkwork_runtime.mongo import Document
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import Runtime, Worker

ESCALATIONS_PER_PASS = 100


def escalation_timer(settings: Settings, notifier: Notifier) -> Worker:
    """The worker: a pass every SAFEGUARDING_CHECK_SECONDS."""
    unacknowledged_for = timedelta(hours=settings.safeguarding_escalate_hours)

    async def escalate_due(runtime: Runtime[Store]) -> int:
        raised_before = runtime.uow.clock() - unacknowledged_for
        due = await runtime.store.concerns.unacknowledged_since(raised_before, ESCALATIONS_PER_PASS)
        escalated = 0
        for concern in due:  # its notifications go on the feed: numbered one at a time
            escalated += await runtime.uow.run(_step(concern, notifier), serial=NUMBERING)
        return escalated

    return every(
        settings.safeguarding_check_seconds, escalate_due, "notifications.safeguarding_escalation"
    )


def _step(concern: Document, notifier: Notifier) -> Callable[[Tx], Awaitable[bool]]:
    async def run(tx: Tx) -> bool:
        return await escalate(tx, concern, notifier)

    return run
