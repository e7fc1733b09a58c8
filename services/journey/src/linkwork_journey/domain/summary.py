"""The summary a closed journey carries: what the message back to the referrer needs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_journey.domain.measures import change
from linkwork_schemas.common import NeedDomain
from linkwork_schemas.journey import GoalSummary, Instrument, JourneySummary, MeasureChange


def summarise(journey: Mapping[str, Any]) -> JourneySummary:
    assessments = journey.get("assessments", [])
    needs = [NeedDomain(n["domain"]) for n in assessments[-1]["needs"]] if assessments else []
    goals = [
        GoalSummary(description=g["description"], status=g["status"], note=g.get("outcome_note"))
        for g in journey.get("goals", [])
    ]
    services = journey.get("services", [])
    return JourneySummary(
        needs=needs,
        goals=goals,
        services_linked=[s["service_name"] for s in services],
        services_attended=[s["service_name"] for s in services if s.get("attended_on")],
        measure_changes=measure_changes(journey.get("measures", [])),
        contacts=sum(1 for c in journey.get("contacts", []) if c.get("attended", True)),
    )


def measure_changes(measures: list[Mapping[str, Any]]) -> list[MeasureChange]:
    """Per instrument: the baseline against the latest follow-up, where there is one."""
    out = []
    for instrument in Instrument:
        taken = [m for m in measures if m["instrument"] == instrument]
        baseline = next((m for m in taken if m["kind"] == "baseline"), None)
        follow_ups = [m for m in taken if m["kind"] == "follow_up"]
        if baseline and follow_ups:
            latest = follow_ups[-1]
            out.append(
                MeasureChange(
                    instrument=instrument,
                    baseline=baseline["scores"],
                    latest=latest["scores"],
                    change=change(baseline["scores"], latest["scores"]),
                    baseline_on=baseline.get("measured_on"),
                    latest_on=latest.get("measured_on"),
                )
            )
    return out
