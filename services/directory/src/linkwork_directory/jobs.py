"""The directory's timers: providers are reminded of links they have not answered, and links
nobody answered expire."""

from __future__ import annotations

from datetime import datetime

from linkwork_directory.actions.link_outcomes import expire
from linkwork_directory.actions.reminders import remind
from linkwork_directory.store import Store
from linkwork_runtime.scheduling import once_each
from linkwork_runtime.service import Runtime

BATCH = 200


async def expire_unanswered(runtime: Runtime[Store], now: datetime | None = None) -> int:
    """One pass: expire every pending link whose answer was due by `now` (ServiceLinkExpired).

    Once per link: the state lives in the link's conditional status change, so a restart, a
    second pass or another replica never expires a link twice, and an answer racing the
    timer has one winner."""
    due = await runtime.store.links.unanswered_by(now or runtime.uow.clock(), limit=BATCH)
    return await once_each(runtime, due, expire)


async def remind_providers(runtime: Runtime[Store], now: datetime | None = None) -> int:
    """One pass: ServiceLinkReminderDue for every pending link whose reminder has come, once
    each (the reminder taken by a conditional update, as expiry is)."""
    due = await runtime.store.links.reminders_due(now or runtime.uow.clock(), limit=BATCH)
    return await once_each(runtime, due, remind)
