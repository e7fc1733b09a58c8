"""The journey's invariants, checked before any write."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from linkwork_runtime.refusals import Conflict, NotFound, Unprocessable


class JourneyIsClosed(Conflict):
    """No writes to a closed journey."""

    code = "journey_closed"


class GoalNotFound(NotFound):
    """No goal of that id on the journey."""


class GoalNotOpen(Conflict):
    """Progress, achievement or abandonment only on an open goal."""

    code = "goal_not_open"


class DateInFuture(Unprocessable):
    """A date of something that has happened cannot be ahead of today."""

    code = "date_in_future"


def ensure_open(journey: Mapping[str, Any]) -> None:
    if journey["status"] != "open":
        raise JourneyIsClosed(f"journey {journey['_id']} is closed: it can be read, not changed")


def ensure_goal_open(journey: Mapping[str, Any], goal_id: str) -> Mapping[str, Any]:
    goal = next((g for g in journey.get("goals", []) if g["goal_id"] == goal_id), None)
    if goal is None:
        raise GoalNotFound(f"no goal {goal_id!r} on journey {journey['_id']}")
    if goal["status"] != "open":
        raise GoalNotOpen(f"goal {goal_id} is {goal['status']}: only open goals change")
    found: Mapping[str, Any] = goal
    return found


def ensure_not_future(field: str, value: date, today: date) -> None:
    if value > today:
        raise DateInFuture(f"{field}: {value.isoformat()} is in the future", where=field)
