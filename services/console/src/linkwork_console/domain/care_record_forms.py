"""What the journey page's risk-flag and case-note forms post, read into the journey
service's request bodies, with the NHS.UK message for each field the console can already
tell is wrong (the service's own refusals are shown as they come). Review dates are today or
later, and at most a year ahead: a flag is looked at again at least once a year."""

from __future__ import annotations

from datetime import date, timedelta

from linkwork_console.domain.care_record import (
    COMMUNICATION_KIND,
    COMMUNICATION_NEEDS,
    NOTE_CATEGORIES,
    RISK_KINDS,
)
from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.journey_forms import Fields, Parsed, date_from

LONGEST_REVIEW = timedelta(days=366)
LONGEST_FLAG_TEXT = 1000
LONGEST_NOTE = 8000


def risk_flag(fields: Fields, today: date) -> Parsed:
    """A new flag: its kind, which communication needs (for that kind only), what it is and
    what to do, when to review it."""
    parsed = Parsed()
    kind = fields.get("kind")
    if kind not in RISK_KINDS:
        parsed.wrong("kind", "Choose what kind of risk or need it is")
    ticked = [c for c in fields.getlist("communication") if c in COMMUNICATION_NEEDS]
    if kind == COMMUNICATION_KIND and not ticked:
        parsed.wrong("communication", "Choose which communication needs they have")
    # Boxes ticked under another kind before it was changed are not part of this flag.
    communication = ticked if kind == COMMUNICATION_KIND else []
    _text(
        parsed, fields, "description", "what the risk is and what to do about it", "The description"
    )
    _review_date(parsed, fields, "review_on", today)
    parsed.body |= {"kind": kind, "communication": communication}
    return parsed


def flag_review(fields: Fields, today: date) -> Parsed:
    """A flag looked at again and kept: what was found, and when to look next."""
    parsed = Parsed()
    _text(parsed, fields, "note", "what you found when you reviewed it", "What you found")
    _review_date(parsed, fields, "next_review_on", today)
    return parsed


def flag_removal(fields: Fields) -> Parsed:
    parsed = Parsed()
    _text(parsed, fields, "reason", "why the flag no longer applies", "The reason")
    return parsed


def note(fields: Fields) -> Parsed:
    parsed = Parsed()
    category = fields.get("category")
    if category not in NOTE_CATEGORIES:
        parsed.wrong("category", "Choose what the note is about")
    _text(parsed, fields, "text", "the note", "The note", LONGEST_NOTE)
    parsed.body |= {"category": category, "restricted": fields.get("restricted") == "yes"}
    return parsed


def correction(fields: Fields) -> Parsed:
    """A new version of a note: its text, and its category and restriction as now chosen
    (the form starts from the note's own)."""
    parsed = Parsed()
    _text(parsed, fields, "text", "the corrected note", "The note", LONGEST_NOTE)
    category = fields.get("category")
    parsed.body |= {
        "category": category if category in NOTE_CATEGORIES else None,
        "restricted": fields.get("restricted") == "yes",
    }
    return parsed


def _text(
    parsed: Parsed,
    fields: Fields,
    name: str,
    what: str,
    called: str,
    longest: int = LONGEST_FLAG_TEXT,
) -> None:
    """A text that must be filled in: `what` to enter, and what it is `called` when too long."""
    value = fields.get(name)
    if not value:
        parsed.wrong(name, f"Enter {what}")
    elif len(value) > longest:
        parsed.wrong(name, f"{called} must be {longest} characters or fewer")
    else:
        parsed.body[name] = value


def _review_date(parsed: Parsed, fields: Fields, name: str, today: date) -> None:
    found = date_from(fields, name, "the review date", required=True)
    if isinstance(found, FieldError):
        parsed.errors.append(found)
    elif found is not None and found < today:
        parsed.wrong(name, "The review date must be today or in the future")
    elif found is not None and found > today + LONGEST_REVIEW:
        parsed.wrong(name, "The review date must be within a year from today")
    elif found is not None:
        parsed.body[name] = found.isoformat()
