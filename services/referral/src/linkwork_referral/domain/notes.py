"""Case notes on a referral: never edited or deleted (a correction supersedes a note, and both
stay); a restricted one is read only by its author, the managers of the referral's team and
information governance (`linkwork_runtime.caller.reads_note`, the rule every service applies)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from linkwork_referral.domain import access
from linkwork_runtime.caller import Caller, reads_note
from linkwork_runtime.refusals import Conflict, NotFound


class NoteNotFound(NotFound):
    """No note of that id that the caller may read on the referral."""


class NoteSuperseded(Conflict):
    """Only the latest version of a note is corrected."""

    code = "note_superseded"


def readable(caller: Caller | None, referral: dict[str, Any]) -> list[dict[str, Any]]:
    """The referral's notes the caller may read, newest first: none for those who do not work
    on it (a referring practice reads the referral, not the team's notes), nor without a
    caller; of the rest, the restricted ones only for those `reads_note` lets read them."""
    if caller is None or not access.can_work_on(caller, referral):
        return []
    team = referral.get("team_id")
    notes = [dict(n) for n in referral.get("case_notes", []) if reads_note(caller, n, team)]
    return sorted(notes, key=lambda note: note["written_at"], reverse=True)


def latest(caller: Caller, referral: Mapping[str, Any], note_id: str) -> Mapping[str, Any]:
    """The note to correct: one the caller may read, not yet corrected."""
    note = next((n for n in referral.get("case_notes", []) if n["note_id"] == note_id), None)
    if note is None or not reads_note(caller, note, referral.get("team_id")):
        raise NoteNotFound(f"no note {note_id!r} on referral {referral['_id']}")
    if note.get("superseded_by"):
        raise NoteSuperseded(
            f"note {note_id} was corrected by note {note['superseded_by']}: correct that one"
        )
    found: Mapping[str, Any] = note
    return found


def superseded(referral: Mapping[str, Any], note_id: str, by: str) -> list[dict[str, Any]]:
    return [
        {**note, "superseded_by": by} if note["note_id"] == note_id else dict(note)
        for note in referral.get("case_notes", [])
    ]
