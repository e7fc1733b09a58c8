"""OutcomeFollowUpDue once per baseline, from a worker whose state is in the database (so it
survives restarts, and replicas cannot raise it twice)."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog

from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import FollowUps, Timeline
from linkwork_runtime.mongo import Document
from linkwork_runtime.scheduling import once_each
from linkwork_runtime.service import Runtime
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.journey import Instrument, OutcomeFollowUpDue, OutcomeFollowUpDuePayload

log = structlog.get_logger(__name__)


async def raise_due(runtime: Runtime, now: datetime | None = None) -> int:
    due = await FollowUps(runtime.db).due(now or datetime.now(UTC), limit=200)
    return await once_each(runtime, due, _raise_one)


async def _raise_one(tx: Transaction, follow_up: Document) -> bool:
    if not await FollowUps(tx.db, tx.session).mark_raised(follow_up["_id"]):
        return False
    event = await tx.record(
        OutcomeFollowUpDue,
        aggregate_id=follow_up["journey_id"],
        payload=OutcomeFollowUpDuePayload(
            journey_id=follow_up["journey_id"],
            link_worker_id=follow_up["link_worker_id"],
            instrument=Instrument(follow_up["instrument"]),
            baseline_measured_on=follow_up["baseline_measured_on"].date(),
            due_on=follow_up["due_at"].date(),
        ),
    )
    await Timeline(tx.db, tx.session).add(entry(event, follow_up["referral_id"]))
    return True
