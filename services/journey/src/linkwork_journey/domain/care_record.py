"""The parts of a journey that guard the person and the worker: risk flags, read first by
everyone who opens the journey; and how it shows its case notes (the rules of notes, shared
with the referral's: `linkwork_runtime.case_notes`)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from linkwork_runtime import case_notes
from linkwork_runtime.caller import Caller
from linkwork_runtime.refusals import Conflict, NotFound

ACTIVE, REMOVED = "active", "removed"


class FlagNotFound(NotFound):
    """No risk flag of that id on the journey."""


class FlagRemoved(Conflict):
    """A removed flag is history: it is neither reviewed nor removed again."""

    code = "risk_flag_removed"


def active_flag(journey: Mapping[str, Any], flag_id: str) -> Mapping[str, Any]:
    flag = next((f for f in journey.get("risk_flags", []) if f["flag_id"] == flag_id), None)
    if flag is None:
        raise FlagNotFound(f"no risk flag {flag_id!r} on journey {journey['_id']}")
    if flag["status"] != ACTIVE:
        raise FlagRemoved(f"risk flag {flag_id} was removed: raise a new one if it applies again")
    found: Mapping[str, Any] = flag
    return found


def flags_with(
    journey: Mapping[str, Any], flag_id: str, change: Mapping[str, Any], line: Mapping[str, Any]
) -> list[Any]:
    """The journey's flags with one changed and a line added to its reviews."""
    return [
        {**flag, **change, "reviews": [*flag.get("reviews", []), dict(line)]}
        if flag["flag_id"] == flag_id
        else flag
        for flag in journey.get("risk_flags", [])
    ]


def due_for_review(flag: Mapping[str, Any], today: date) -> bool:
    return flag["status"] == ACTIVE and date.fromisoformat(flag["review_on"]) <= today


def presented(caller: Caller, journey: Mapping[str, Any], today: date) -> dict[str, Any]:
    """The journey as the caller reads it: active risk flags first (each saying whether its
    review is due), removed ones after the rest; only the notes the caller may see, newest
    first."""
    flags = list(journey.get("risk_flags", []))
    active = [_flag_view(f, today) for f in flags if f["status"] == ACTIVE]
    rest = {k: v for k, v in journey.items() if k not in ("risk_flags", "notes")}
    return {
        "risk_flags": active,
        **rest,
        "notes": case_notes.readable(caller, journey.get("notes", []), journey.get("team_id")),
        "removed_risk_flags": [f for f in flags if f["status"] != ACTIVE],
    }


def _flag_view(flag: Mapping[str, Any], today: date) -> dict[str, Any]:
    return {**flag, "review_due": due_for_review(flag, today)}
