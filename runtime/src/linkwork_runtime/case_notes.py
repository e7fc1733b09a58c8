"""Case notes, the one set of rules every service that keeps them applies (a journey's, a
referral's): a note is never edited or deleted, a correction supersedes it and both stay; a
restricted note is read only by its author, the managers of the case's team and information
governance (`linkwork_runtime.caller.reads_note`). Pure: the notes are what the case holds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from linkwork_runtime.caller import Caller, reads_note
from linkwork_runtime.refusals import Conflict, NotFound


class NoteNotFound(NotFound):
    """No note of that id that the caller may read on the case."""


class NoteSuperseded(Conflict):
    """Only the latest version of a note is corrected."""

    code = "note_superseded"


def readable(
    caller: Caller, notes: Iterable[Mapping[str, Any]], team_id: str | None
) -> list[dict[str, Any]]:
    """The notes the caller may read, newest first."""
    seen = [dict(note) for note in notes if reads_note(caller, note, team_id)]
    return sorted(seen, key=lambda note: note["written_at"], reverse=True)


def to_correct(
    caller: Caller,
    notes: Iterable[Mapping[str, Any]],
    team_id: str | None,
    note_id: str,
    case: str,
) -> Mapping[str, Any]:
    """The note to correct: one the caller may read (not found otherwise, so nobody learns it
    exists) that no later note has corrected. `case` names the case in the refusal."""
    note = next((n for n in notes if n["note_id"] == note_id), None)
    if note is None or not reads_note(caller, note, team_id):
        raise NoteNotFound(f"no note {note_id!r} on {case}")
    if note.get("superseded_by"):
        raise NoteSuperseded(
            f"note {note_id} was corrected by note {note['superseded_by']}: correct that one"
        )
    return note


def superseded(notes: Iterable[Mapping[str, Any]], note_id: str, by: str) -> list[dict[str, Any]]:
    """The notes with `note_id` marked as corrected by note `by`."""
    return [
        {**note, "superseded_by": by} if note["note_id"] == note_id else dict(note)
        for note in notes
    ]
