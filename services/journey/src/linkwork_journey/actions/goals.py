"""Goals: set, then moved on (progress, achieved, abandoned). Only open goals change."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypeVar

from linkwork_journey.actions.commands import AbandonGoal, AchieveGoal, ProgressGoal, SetGoal
from linkwork_journey.actions.journeys import load, record
from linkwork_journey.domain import rules
from linkwork_journey.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_schemas import Event, Payload
from linkwork_schemas.journey import (
    GoalAbandoned,
    GoalAbandonedPayload,
    GoalAchieved,
    GoalAchievedPayload,
    GoalProgressed,
    GoalProgressedPayload,
    GoalSet,
    GoalSetPayload,
)

E = TypeVar("E", bound=Event)


async def set_goal(tx: Tx, journey_id: str, who: Principal, cmd: SetGoal) -> Event:
    journey = await load(tx, journey_id, who)
    payload = GoalSetPayload(
        journey_id=journey_id, goal_id=str(uuid.uuid4()), set_by=who.sub, **cmd.model_dump()
    )
    goal = {
        **payload.model_dump(mode="json", exclude={"journey_id"}),
        "status": "open",
        "updates": [],
    }
    return await record(tx, journey, GoalSet, payload, push={"goals": goal})


async def progress(
    tx: Tx, journey_id: str, goal_id: str, who: Principal, cmd: ProgressGoal
) -> Event:
    payload = GoalProgressedPayload(
        journey_id=journey_id, goal_id=goal_id, note=cmd.note, recorded_by=who.sub
    )
    change = {"note": cmd.note}
    return await _move_goal(tx, journey_id, goal_id, who, GoalProgressed, payload, change)


async def achieve(tx: Tx, journey_id: str, goal_id: str, who: Principal, cmd: AchieveGoal) -> Event:
    payload = GoalAchievedPayload(
        journey_id=journey_id, goal_id=goal_id, note=cmd.note, recorded_by=who.sub
    )
    change = {"status": "achieved", "outcome_note": cmd.note}
    return await _move_goal(tx, journey_id, goal_id, who, GoalAchieved, payload, change)


async def abandon(tx: Tx, journey_id: str, goal_id: str, who: Principal, cmd: AbandonGoal) -> Event:
    payload = GoalAbandonedPayload(
        journey_id=journey_id, goal_id=goal_id, reason=cmd.reason, recorded_by=who.sub
    )
    change = {"status": "abandoned", "outcome_note": cmd.reason}
    return await _move_goal(tx, journey_id, goal_id, who, GoalAbandoned, payload, change)


async def _move_goal(
    tx: Tx,
    journey_id: str,
    goal_id: str,
    who: Principal,
    event_class: type[E],
    payload: Payload,
    change: dict[str, Any],
) -> E:
    """Check the goal is open, record the event and the goal's new state in the journey."""
    journey = await load(tx, journey_id, who)
    rules.ensure_goal_open(journey, goal_id)
    goals = _goals_with(journey, goal_id, {**change, "by": who.sub}, tx.now)
    return await record(tx, journey, event_class, payload, fields={"goals": goals})


def _goals_with(journey: Document, goal_id: str, change: dict[str, Any], at: datetime) -> list[Any]:
    stamped = {**change, "at": at}
    return [
        {
            **goal,
            **{k: v for k, v in change.items() if k == "status" or k == "outcome_note"},
            "updates": [*goal.get("updates", []), stamped],
        }
        if goal["goal_id"] == goal_id
        else goal
        for goal in journey.get("goals", [])
    ]
