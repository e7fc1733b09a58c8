"""What the journey page's forms post, read into the journey service's request bodies: dates
from the NHS.UK date input's three boxes, times as people type them, UK times with their UTC
offset. A form the console can already tell is wrong comes back with the NHS.UK message for
each field (the service's own refusals are shown as they come).

Field errors name the service's fields (`scheduled_for`, `items.anxiety`); on the page each
is the element `<form>-<field>` (`book-scheduled_for`), so several forms on one page never
share an id and the error summary links to the right one (`ids_of`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Protocol

from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.journey import CLOSE_REASONS, NEED_DOMAINS, PRIORITIES
from linkwork_console.domain.journey_times import CONTACT_MODES, LONDON, PLACED_MODES

LONGEST_MINUTES = 600


class Fields(Protocol):
    """A posted form (the api's `Posted`)."""

    def get(self, name: str, default: str = "") -> str: ...

    def getlist(self, name: str) -> list[str]: ...


@dataclass
class Parsed:
    """A request body, or what is wrong with the form."""

    body: dict[str, Any] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)

    def wrong(self, name: str | None, message: str) -> None:
        self.errors.append(FieldError(name, message))


def element_id(form_name: str, name: str | None) -> str:
    """The page element a field error points at: the field in its form, or the form."""
    return form_name if name is None else f"{form_name}-{name}".replace(".", "-")


def ids_of(state: FormState) -> FormState:
    """The form's errors named by the elements they belong to on the page."""
    errors = [FieldError(element_id(state.name, e.field), e.message) for e in state.errors]
    return FormState(values=state.values, errors=errors, name=state.name)


def date_from(fields: Fields, name: str, what: str, *, required: bool) -> date | FieldError | None:
    """A date from the boxes `<name>-day`, `-month`, `-year` (NHS.UK date input)."""
    parts = [fields.get(f"{name}-{box}") for box in ("day", "month", "year")]
    if not any(parts):
        return FieldError(name, f"Enter {what}") if required else None
    missing = [box for box, part in zip(("day", "month", "year"), parts, strict=True) if not part]
    if missing:
        return FieldError(name, f"{what.capitalize()} must include a {missing[0]}")
    if not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
        return FieldError(name, f"{what.capitalize()} must be a real date, like 27 3 2026")
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except ValueError:
        return FieldError(name, f"{what.capitalize()} must be a real date")


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def time_from(text: str) -> time | None:
    """A time as people type it: 10:30, 10.30, 14:00, 2pm, 2:30pm, 12 noon is 12pm."""
    found = _TIME.match(text.strip().lower().replace(" ", ""))
    if not found:
        return None
    hour, minute = int(found[1]), int(found[2] or 0)
    if found[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found[3] == "pm" else 0)
    elif found[2] is None:
        return None  # "10" alone: morning or evening?
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _duration(parsed: Parsed, fields: Fields) -> None:
    typed = fields.get("duration_minutes")
    if not typed:
        return
    if not typed.isdigit() or int(typed) > LONGEST_MINUTES:
        parsed.wrong("duration_minutes", "Enter how long it took in minutes, up to 600")
        return
    parsed.body["duration_minutes"] = int(typed)


def _choice(parsed: Parsed, fields: Fields, name: str, choices: Iterable[str], ask: str) -> None:
    value = fields.get(name)
    if value not in set(choices):
        parsed.wrong(name, ask)
    else:
        parsed.body[name] = value


def _text(parsed: Parsed, fields: Fields, name: str, ask: str | None = None) -> None:
    """A text field; `ask` when it must be filled in."""
    value = fields.get(name)
    if value:
        parsed.body[name] = value
    elif ask:
        parsed.wrong(name, ask)


def _date(parsed: Parsed, fields: Fields, name: str, what: str, *, required: bool) -> None:
    found = date_from(fields, name, what, required=required)
    if isinstance(found, FieldError):
        parsed.errors.append(found)
    elif found is not None:
        parsed.body[name] = found.isoformat()


def assessment(fields: Fields) -> Parsed:
    """What matters: the needs ticked, each with its priority, and the barriers, one a line."""
    parsed = Parsed()
    ticked = [d for d in fields.getlist("needs") if d in NEED_DOMAINS]
    if not ticked:
        parsed.wrong("needs", "Choose at least one thing that matters to them")
    needs = []
    for domain in ticked:
        priority = fields.get(f"priority-{domain}") or "medium"
        needs.append(
            {"domain": domain, "priority": priority if priority in PRIORITIES else "medium"}
        )
    barriers = [line.strip() for line in fields.get("barriers").splitlines() if line.strip()]
    parsed.body = {"needs": needs, "barriers": barriers}
    return parsed


def goal(fields: Fields) -> Parsed:
    parsed = Parsed()
    _text(parsed, fields, "description", "Enter the goal, in their words")
    if fields.get("need_domain") in NEED_DOMAINS:
        parsed.body["need_domain"] = fields.get("need_domain")
    _date(parsed, fields, "target_date", "the target date", required=False)
    return parsed


def goal_note(fields: Fields, step: str) -> Parsed:
    """Progress (a note), achieved (a note if they like), abandoned (a reason)."""
    parsed = Parsed()
    if step == "progress":
        _text(parsed, fields, "note", "Enter what has changed")
    elif step == "achieve":
        _text(parsed, fields, "note")
    else:
        _text(parsed, fields, "reason", "Enter why the goal is given up")
    return parsed


def contact(fields: Fields, today: date) -> Parsed:
    parsed = Parsed()
    _choice(parsed, fields, "mode", CONTACT_MODES, "Choose how you were in contact")
    _date(parsed, fields, "occurred_on", "the date of the contact", required=True)
    if parsed.body.get("occurred_on", "") > today.isoformat():
        parsed.wrong("occurred_on", "The date of the contact must be today or in the past")
    _duration(parsed, fields)
    attended = fields.get("attended")
    if attended not in ("yes", "no"):
        parsed.wrong("attended", "Choose whether they attended")
    parsed.body["attended"] = attended != "no"
    _text(parsed, fields, "with_whom")
    _text(parsed, fields, "notes")
    _text(parsed, fields, "appointment_id")
    return parsed


def appointment(fields: Fields, now: datetime) -> Parsed:
    """A booking: the day and time in UK time, sent with its UTC offset."""
    parsed = Parsed()
    day = date_from(fields, "scheduled_for", "the date of the appointment", required=True)
    at = time_from(fields.get("time"))
    if isinstance(day, FieldError):
        parsed.errors.append(day)
    if at is None:
        parsed.wrong("time", "Enter the time, like 10:30 or 2pm")
    if isinstance(day, date) and at is not None:
        starts = datetime.combine(day, at, LONDON)
        if starts <= now:
            parsed.wrong("scheduled_for", "The appointment must be in the future")
        parsed.body["scheduled_for"] = starts.isoformat()
    _choice(parsed, fields, "mode", CONTACT_MODES, "Choose how you will meet")
    _duration(parsed, fields)
    location = fields.get("location")
    if location and parsed.body.get("mode") not in (None, *PLACED_MODES):
        words = CONTACT_MODES[parsed.body["mode"]].lower()
        parsed.wrong(
            "location",
            f"Leave the place empty for a {words}: only face-to-face and group appointments "
            "have one",
        )
    elif location:
        parsed.body["location"] = location
    return parsed


def cancellation(fields: Fields) -> Parsed:
    parsed = Parsed()
    _text(parsed, fields, "reason", "Enter why the appointment is cancelled")
    return parsed


def closing(fields: Fields) -> Parsed:
    parsed = Parsed()
    _choice(parsed, fields, "reason", CLOSE_REASONS, "Choose why the journey is closing")
    return parsed


def ticked_needs(state: FormState, journey: Mapping[str, Any]) -> dict[str, str]:
    """The needs the "what matters" form shows ticked, with their priorities: as typed when
    it comes back with an error, else as last assessed (a re-assessment starts from there)."""
    if state.is_("assess"):
        typed = state.values.get("needs", [])
        ticked = [typed] if isinstance(typed, str) else list(typed)
        return {d: str(state.values.get(f"priority-{d}") or "medium") for d in ticked}
    latest = (journey.get("assessments") or [None])[-1]
    if not latest:
        return {}
    return {n["domain"]: str(n.get("priority") or "medium") for n in latest.get("needs", [])}


@dataclass(frozen=True)
class PageForms:
    """The page's forms as its templates read them: a field's element id, what was typed in
    it (when its form came back), and its error for the NHS.UK macros."""

    state: FormState

    def id(self, name: str, field: str) -> str:
        return element_id(name, field)

    def value(self, name: str, field: str, default: Any = "") -> Any:
        return self.state.values.get(field, "") if self.state.is_(name) else default

    def message(self, name: str, field: str | None = None) -> str | None:
        if not self.state.is_(name):
            return None
        return self.state.error_for(name if field is None else element_id(name, field))

    def error(self, name: str, field: str) -> dict[str, str] | None:
        """The macros' `errorMessage`: None when the field is fine."""
        found = self.message(name, field)
        return {"text": found} if found else None

    def is_(self, name: str) -> bool:
        return self.state.is_(name)
