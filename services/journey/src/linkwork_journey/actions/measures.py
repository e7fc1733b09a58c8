"""Outcome measures: a baseline, then follow-ups compared with it (each plans or settles the
follow-up reminder of its instrument)."""

from __future__ import annotations

import uuid

from linkwork_journey.actions import follow_ups
from linkwork_journey.actions.commands import MeasureOutcome
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.domain import measures, rules
from linkwork_journey.settings import Settings
from linkwork_journey.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_schemas import Event
from linkwork_schemas.journey import OutcomeMeasured, OutcomeMeasuredPayload


async def measure(
    tx: Tx, journey_id: str, who: Principal, cmd: MeasureOutcome, settings: Settings
) -> Event:
    journey = await load(tx, journey_id, who)
    rules.ensure_not_future("measured_on", cmd.measured_on, tx.now.date())
    scored = measures.score(cmd.instrument, cmd.items)
    kind, baseline = measures.baseline_of(
        cmd.instrument, cmd.kind, journey.get("measures", []), journey_id
    )
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
    if kind == "follow_up":
        await follow_ups.settle(tx, journey, cmd.instrument)
    else:
        await follow_ups.plan(tx, journey, cmd.instrument, cmd.measured_on, settings)
    return event
