"""The parts of a journey that guard the person and the worker: risk flags, read first by
everyone who opens the journey, and case notes, which are never edited or deleted and may be
restricted to their author, the team's managers and information governance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from linkwork_runtime.caller import Caller, reads_note
from linkwork_runtime.refusals import Conflict, NotFound

ACTIVE, REMOVED = "active", "removed"


class FlagNotFound(NotFound):
    """No risk flag of that id on the journey."""


class FlagRemoved(Conflict):
    """A removed flag is history: it is neither reviewed nor removed again."""

    code = "risk_flag_removed"


class NoteNotFound(NotFound):
    """No note of that id that the caller may see on the journey."""


class NoteSuperseded(Conflict):
    """Only the latest version of a note is corrected."""

    code = "note_superseded"


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


def may_see_note(caller: Caller, note: Mapping[str, Any], journey: Mapping[str, Any]) -> bool:
    """An open note: whoever may read the journey. A restricted one: its author, a manager of
    the journey's team, information governance (the rule every service applies)."""
    return reads_note(caller, note, journey.get("team_id"))


def visible_note(caller: Caller, journey: Mapping[str, Any], note_id: str) -> Mapping[str, Any]:
    """The note, if the caller may see it; not found otherwise (nobody learns it exists)."""
    note = next((n for n in journey.get("notes", []) if n["note_id"] == note_id), None)
    if note is None or not may_see_note(caller, note, journey):
        raise NoteNotFound(f"no note {note_id!r} on journey {journey['_id']}")
    if note.get("superseded_by"):
        raise NoteSuperseded(
            f"note {note_id} was corrected by note {note['superseded_by']}: correct that one"
        )
    found: Mapping[str, Any] = note
    return found


def notes_with_superseded(journey: Mapping[str, Any], note_id: str, by: str) -> list[Any]:
    return [
        {**note, "superseded_by": by} if note["note_id"] == note_id else note
        for note in journey.get("notes", [])
    ]


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
        "notes": visible_notes(caller, journey),
        "removed_risk_flags": [f for f in flags if f["status"] != ACTIVE],
    }


def visible_notes(caller: Caller, journey: Mapping[str, Any]) -> list[Any]:
    notes: Iterable[Mapping[str, Any]] = journey.get("notes", [])
    seen = [dict(n) for n in notes if may_see_note(caller, n, journey)]
    return sorted(seen, key=lambda n: n["written_at"], reverse=True)


def _flag_view(flag: Mapping[str, Any], today: date) -> dict[str, Any]:
    return {**flag, "review_due": due_for_review(flag, today)}
