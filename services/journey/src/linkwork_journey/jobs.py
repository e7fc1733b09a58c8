"""The journey service's timers: OutcomeFollowUpDue once per baseline and LoneWorkerOverdue once
per visit, each from a pass whose state is in the database (so it survives restarts, and
replicas cannot raise it twice)."""

from __future__ import annotations

from datetime import datetime

from linkwork_journey.actions import follow_ups, lone_working
from linkwork_journey.store import Store
from linkwork_runtime.scheduling import once_each
from linkwork_runtime.service import Runtime

BATCH = 200  # follow-ups raised per pass; the next pass takes the rest


async def raise_follow_ups_due(runtime: Runtime[Store], now: datetime | None = None) -> int:
    due = await runtime.store.follow_ups.due(now or runtime.uow.clock(), limit=BATCH)
    return await once_each(runtime, due, follow_ups.raise_due)


async def raise_lone_workers_overdue(runtime: Runtime[Store], now: datetime | None = None) -> int:
    """LoneWorkerOverdue, once, for each visit not checked out by its grace period."""
    due = await runtime.store.lone_visits.overdue(now or runtime.uow.clock(), limit=BATCH)
    return await once_each(runtime, due, lone_working.raise_overdue)
