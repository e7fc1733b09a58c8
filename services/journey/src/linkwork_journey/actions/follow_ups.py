"""Follow-up reminders: planned from a baseline, settled by the follow-up measure, raised
once when due (OutcomeFollowUpDue) by the timer in jobs.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from linkwork_journey.domain.timeline import entry
from linkwork_journey.settings import Settings
from linkwork_journey.store import Tx
from linkwork_runtime.mongo import Document
from linkwork_schemas.journey import Instrument, OutcomeFollowUpDue, OutcomeFollowUpDuePayload


def _key(journey: Document, instrument: Instrument) -> str:
    return f"{journey['_id']}:{instrument}"


async def plan(
    tx: Tx, journey: Document, instrument: Instrument, measured_on: date, settings: Settings
) -> None:
    """The follow-up of a baseline, due `follow_up_weeks` after it (a new baseline replans)."""
    due_on = measured_on + timedelta(weeks=settings.follow_up_weeks)
    await tx.store.follow_ups.put(
        {
            "_id": _key(journey, instrument),
            "journey_id": journey["_id"],
            "referral_id": journey["referral_id"],
            "link_worker_id": journey["link_worker_id"],
            "team_id": journey.get("team_id"),
            "instrument": instrument.value,
            "baseline_measured_on": datetime.combine(measured_on, time(), UTC),
            "due_at": datetime.combine(due_on, time(), UTC),
            "status": "pending",
        }
    )


async def settle(tx: Tx, journey: Document, instrument: Instrument) -> None:
    """The follow-up was measured: nothing left to remind anyone of."""
    await tx.store.follow_ups.settle({"_id": _key(journey, instrument)}, "measured")


async def raise_due(tx: Tx, follow_up: Document) -> bool:
    """OutcomeFollowUpDue for one follow-up, once: False when it was already raised."""
    if not await tx.store.follow_ups.mark_raised(follow_up["_id"]):
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
    await tx.store.timeline.add_at_commit(entry(event, follow_up["referral_id"]))
    return True
