"""Outcome measures (baseline, follow-ups, the change) and closing the journey."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

from linkwork_journey.actions import load, record, today
from linkwork_journey.appointment_actions import cancel_ahead
from linkwork_journey.commands import CloseJourney, MeasureOutcome
from linkwork_journey.domain import measures, rules
from linkwork_journey.domain.summary import summarise
from linkwork_journey.settings import Settings
from linkwork_journey.store import FollowUps
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event
from linkwork_schemas.journey import (
    JourneyClosed,
    JourneyClosedPayload,
    OutcomeMeasured,
    OutcomeMeasuredPayload,
)


class NoBaseline(ValueError):
    pass


async def measure(
    tx: Transaction, journey_id: str, who: Principal, cmd: MeasureOutcome, settings: Settings
) -> Event:
    journey = await load(tx, journey_id, who)
    rules.ensure_not_future("measured_on", cmd.measured_on, today())
    scored = measures.score(cmd.instrument, cmd.items)
    earlier = [m for m in journey.get("measures", []) if m["instrument"] == cmd.instrument]
    baseline = next((m for m in earlier if m["kind"] == "baseline"), None)
    kind = cmd.kind or ("follow_up" if baseline else "baseline")
    if kind == "follow_up" and baseline is None:
        raise NoBaseline(f"kind: no {cmd.instrument} baseline yet on journey {journey_id}")
    payload = OutcomeMeasuredPayload(
        journey_id=journey_id,
        measure_id=str(uuid.uuid4()),
        instrument=cmd.instrument,
        kind=kind,
        measured_on=cmd.measured_on,
        scores=scored.scores,
        labels=scored.labels,
        change_from_baseline=measures.change(baseline["scores"], scored.scores)
        if baseline and kind == "follow_up"
        else None,
        recorded_by=who.sub,
    )
    stored = {**payload.model_dump(mode="json", exclude={"journey_id"}), "items": cmd.items}
    event = await record(tx, journey, OutcomeMeasured, payload, push={"measures": stored})
    await _plan_follow_up(tx, journey, cmd, kind, settings)
    return event


async def _plan_follow_up(
    tx: Transaction, journey: Document, cmd: MeasureOutcome, kind: str, settings: Settings
) -> None:
    follow_ups = FollowUps(tx.db, tx.session)
    key = f"{journey['_id']}:{cmd.instrument}"
    if kind == "follow_up":
        await follow_ups.settle({"_id": key}, "measured")
        return
    due_on = cmd.measured_on + timedelta(weeks=settings.follow_up_weeks)
    await follow_ups.schedule(
        {
            "_id": key,
            "journey_id": journey["_id"],
            "referral_id": journey["referral_id"],
            "link_worker_id": journey["link_worker_id"],
            "team_id": journey.get("team_id"),
            "instrument": cmd.instrument.value,
            "baseline_measured_on": datetime.combine(cmd.measured_on, time(), UTC),
            "due_at": datetime.combine(due_on, time(), UTC),
            "status": "pending",
        }
    )


async def close(tx: Transaction, journey_id: str, who: Principal, cmd: CloseJourney) -> Event:
    """Close with the summary the message back to the referrer needs."""
    journey = await load(tx, journey_id, who)
    payload = JourneyClosedPayload(
        journey_id=journey_id,
        referral_id=journey["referral_id"],
        link_worker_id=journey["link_worker_id"],
        reason=cmd.reason,
        summary=summarise(journey),
        closed_by=who.sub,
    )
    await FollowUps(tx.db, tx.session).settle({"journey_id": journey_id}, "cancelled")
    called_off = await cancel_ahead(tx, journey, who)  # before JourneyClosed, in this commit
    fields = {
        "status": "closed",
        "closed_at": datetime.now(UTC),
        "closure_reason": cmd.reason,
        "summary": payload.summary.model_dump(mode="json"),
        **called_off,
    }
    return await record(tx, journey, JourneyClosed, payload, fields=fields)
