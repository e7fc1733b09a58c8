"""Lone working as the journey page shows it: which booked appointments are visits a link
worker checks in to (home visits and face-to-face ones), where each visit stands (not yet
checked in, in, overdue, out) in UK time, and the check-in form's optional "expected to finish
by" time read into the journey service's `expected_end`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from linkwork_console.domain.journey_forms import Fields, Parsed, time_from
from linkwork_console.domain.journey_times import LONDON, clock

VISIT_MODES = ("home_visit", "face_to_face")  # the only appointments checked in to
LONGEST_VISIT = timedelta(hours=12)  # as the journey service allows
DONE = {
    "checked_in": "Checked in: check out when you leave",
    "checked_out": "Checked out: you are recorded as safe",
}


@dataclass(frozen=True)
class Visit:
    """One visit's lone-working state: `status` is "not_in", "in", "overdue" or "out"."""

    appointment_id: str
    status: str
    checked_in: str = ""
    expected_out: str = ""
    checked_out: str = ""

    @property
    def is_in(self) -> bool:
        """Checked in and not yet out: the page offers "Check out"."""
        return self.status in ("in", "overdue")


def visit_of(appointment: Mapping[str, Any]) -> Visit | None:
    """The appointment's visit, or None when it is not one a link worker checks in to (a
    call, a group session, one held, missed or cancelled before anyone checked in)."""
    state = appointment.get("lone_working") or {}
    appointment_id = str(appointment["appointment_id"])
    if not state:
        booked = appointment.get("status", "scheduled") == "scheduled"
        is_visit = appointment.get("mode") in VISIT_MODES
        return Visit(appointment_id, "not_in") if booked and is_visit else None
    return Visit(
        appointment_id,
        str(state.get("status") or "in"),
        clock(state.get("checked_in_at")),
        clock(state.get("expected_end")),
        clock(state.get("checked_out_at")),
    )


def visits_of(journey: Mapping[str, Any]) -> dict[str, Visit]:
    """The journey's visits by appointment id."""
    found = (visit_of(a) for a in journey.get("appointments", []))
    return {v.appointment_id: v for v in found if v is not None}


def check_in(fields: Fields, now: datetime) -> Parsed:
    """The check-in: no body (the appointment's length from now), or the time she expects to
    finish by, in UK time: the next time the clock shows it, within 12 hours."""
    parsed = Parsed()
    typed = fields.get("expected_end").strip()
    if not typed:
        return parsed
    at = time_from(typed)
    if at is None:
        parsed.wrong("expected_end", "Enter the time you expect to finish, like 11:30 or 2pm")
        return parsed
    here = now.astimezone(LONDON)
    ends = datetime.combine(here.date(), at, LONDON)
    if ends <= here:
        ends = datetime.combine(here.date() + timedelta(days=1), at, LONDON)
    if ends - here > LONGEST_VISIT:
        parsed.wrong(
            "expected_end", "The time you expect to finish must be later than now, within 12 hours"
        )
        return parsed
    parsed.body["expected_end"] = ends.isoformat()
    return parsed
