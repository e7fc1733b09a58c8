"""A journey's care record as its page shows it: the risk flags everyone reads first (what
kind, which communication needs, when to review; removed ones kept with why), the case notes
newest first with each correction shown over the version it replaced; the words for the
journey service's codes. (The flags due for review on a caseload: `flags_due`.)"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linkwork_console.domain.journey_times import local_time
from linkwork_console.domain.people import long_date

RISK_KINDS = {
    "lone_working": "Lone-working risk",
    "do_not_visit_alone": "Do not visit alone",
    "safeguarding": "Safeguarding concern",
    "communication_needs": "Communication needs",
    "other": "Other risk",
}
COMMUNICATION_NEEDS = {
    "interpreter": "Needs an interpreter",
    "hearing": "Hearing",
    "sight": "Sight",
}
NOTE_CATEGORIES = {
    "contact": "Contact",
    "phone_call": "Phone call",
    "case_discussion": "Case discussion",
    "safeguarding": "Safeguarding",
    "other": "Other",
}
COMMUNICATION_KIND = "communication_needs"
DONE = {
    "flagged": "Risk flag raised: everyone who opens this journey sees it first",
    "flag_reviewed": "Risk flag reviewed",
    "flag_removed": "Risk flag removed: it stays in the record with why",
    "noted": "Note added",
    "note_corrected": "Note corrected: the earlier version is kept, marked as corrected",
}


def kind_words(kind: str | None) -> str:
    return RISK_KINDS.get(kind or "", (kind or "").replace("_", " ").capitalize())


@dataclass(frozen=True)
class FlagReview:
    on: str
    by: str
    note: str
    next_review: str


@dataclass(frozen=True)
class RiskFlag:
    flag_id: str
    kind: str
    kind_words: str
    communication: list[str]
    description: str
    raised_by: str
    raised_on: str
    review_on: str
    review_due: bool
    reviews: list[FlagReview]
    removed_by: str = ""
    removed_on: str = ""
    removal_reason: str = ""


def flags_of(journey: Mapping[str, Any]) -> list[RiskFlag]:
    """The active flags, in the order they were raised."""
    return [_flag(f) for f in journey.get("risk_flags", [])]


def removed_flags_of(journey: Mapping[str, Any]) -> list[RiskFlag]:
    return [_flag(f) for f in journey.get("removed_risk_flags", [])]


def _flag(kept: Mapping[str, Any]) -> RiskFlag:
    lines = list(kept.get("reviews", []))
    removal = next((r for r in reversed(lines) if r.get("kind") == "removed"), None)
    return RiskFlag(
        flag_id=kept["flag_id"],
        kind=kept.get("kind", ""),
        kind_words=kind_words(kept.get("kind")),
        communication=[COMMUNICATION_NEEDS.get(c, c) for c in kept.get("communication", [])],
        description=kept.get("description", ""),
        raised_by=kept.get("raised_by") or "",
        raised_on=local_time(kept.get("raised_at"), weekday=False),
        review_on=long_date(kept.get("review_on")),
        review_due=bool(kept.get("review_due")),
        reviews=[
            FlagReview(
                local_time(r.get("at"), weekday=False),
                r.get("by") or "",
                r.get("note") or "",
                long_date(r.get("next_review_on")),
            )
            for r in lines
            if r.get("kind") == "reviewed"
        ],
        removed_by=kept.get("removed_by") or "",
        removed_on=local_time(kept.get("removed_at"), weekday=False),
        removal_reason=(removal or {}).get("note") or "",
    )


@dataclass(frozen=True)
class Note:
    note_id: str
    category: str
    category_words: str
    text: str
    restricted: bool
    written_by: str
    written_on: str
    superseded: bool  # corrected by a later note (which the reader may not be able to see)


@dataclass(frozen=True)
class NoteThread:
    """A note as it stands now, and the versions it corrected, newest first."""

    latest: Note
    earlier: list[Note] = field(default_factory=list)

    @property
    def correctable(self) -> bool:
        return not self.latest.superseded


def notes_of(journey: Mapping[str, Any]) -> list[NoteThread]:
    """The notes the reader may see, newest first, each correction with what it replaced.

    A note whose correction the reader may not see stands on its own, marked corrected."""
    kept: Sequence[Mapping[str, Any]] = journey.get("notes", [])
    by_id = {n["note_id"]: n for n in kept}
    shown = {n["note_id"] for n in kept if by_id.get(n.get("superseded_by") or "") is None}
    threads = []
    for head in (n for n in kept if n["note_id"] in shown):
        earlier, step = [], by_id.get(head.get("corrects") or "")
        while step is not None:
            earlier.append(_note(step))
            step = by_id.get(step.get("corrects") or "")
        threads.append(NoteThread(_note(head), earlier))
    return threads


def _note(kept: Mapping[str, Any]) -> Note:
    category = kept.get("category", "")
    return Note(
        note_id=kept["note_id"],
        category=category,
        category_words=NOTE_CATEGORIES.get(category, category.replace("_", " ").capitalize()),
        text=kept.get("text", ""),
        restricted=bool(kept.get("restricted")),
        written_by=kept.get("written_by") or "",
        written_on=local_time(kept.get("written_at"), weekday=False),
        superseded=bool(kept.get("superseded_by")),
    )
