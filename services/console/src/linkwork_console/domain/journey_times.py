"""What happened on a journey and when, as its page shows it: contacts logged, appointments
(booked, held, missed, cancelled), and the timeline newest first; every moment in UK time
(Europe/London), as the person and the link worker read it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from linkwork_console.domain.people import as_datetime, long_date

LONDON = ZoneInfo("Europe/London")  # appointments are booked, and read, in UK time
CONTACT_MODES = {
    "face_to_face": "Face to face",
    "home_visit": "Home visit",
    "phone": "Phone call",
    "video": "Video call",
    "group": "Group session",
}
PLACED_MODES = ("face_to_face", "group")  # the only ones with somewhere to go
APPOINTMENT_STATUS = {
    "scheduled": ("Booked", "nhsuk-tag--blue"),
    "held": ("Held", "nhsuk-tag--green"),
    "missed": ("Did not attend", "nhsuk-tag--orange"),
    "cancelled": ("Cancelled", "nhsuk-tag--grey"),
}
PRODUCERS = {"referral": "Referral", "journey": "Journey", "directory": "Services"}


@dataclass(frozen=True)
class Contact:
    on: str
    mode: str
    duration: str
    attended: bool
    with_whom: str
    notes: str


def contacts_of(journey: Mapping[str, Any]) -> list[Contact]:
    """Contacts logged, newest first."""
    kept = sorted(journey.get("contacts", []), key=lambda c: str(c.get("occurred_on")))
    return [
        Contact(
            long_date(c.get("occurred_on")),
            CONTACT_MODES.get(c.get("mode", ""), c.get("mode", "")),
            minutes(c.get("duration_minutes")),
            bool(c.get("attended", True)),
            c.get("with_whom") or "",
            c.get("notes") or "",
        )
        for c in reversed(kept)
    ]


def minutes(value: Any) -> str:
    if value in (None, ""):
        return ""
    count = int(value)
    return "1 minute" if count == 1 else f"{count} minutes"


@dataclass(frozen=True)
class Appointment:
    appointment_id: str
    when: str
    mode: str
    duration: str
    location: str
    status: str
    tag: tuple[str, str]
    cancellation_reason: str

    @property
    def scheduled(self) -> bool:
        return self.status == "scheduled"


def appointments_of(journey: Mapping[str, Any]) -> list[Appointment]:
    """Appointments soonest first: those booked, then those held, missed or cancelled."""
    kept = sorted(journey.get("appointments", []), key=lambda a: str(a.get("scheduled_for")))
    shown = [
        Appointment(
            a["appointment_id"],
            local_time(a.get("scheduled_for")),
            CONTACT_MODES.get(a.get("mode", ""), a.get("mode", "")),
            minutes(a.get("duration_minutes")),
            a.get("location") or "",
            a.get("status", "scheduled"),
            APPOINTMENT_STATUS.get(a.get("status", ""), (a.get("status", ""), "nhsuk-tag--grey")),
            a.get("cancellation_reason") or "",
        )
        for a in kept
    ]
    return [a for a in shown if a.scheduled] + [a for a in shown if not a.scheduled]


def local_time(value: Any, *, weekday: bool = True) -> str:
    """A moment as people in England read it: Thursday 10 December 2026 at 10:30am (without
    the weekday, for a list of what happened)."""
    moment = as_datetime(value)
    if moment is None:
        return ""
    here = moment.astimezone(LONDON)
    day = f"{here:%A} " if weekday else ""
    return f"{day}{here.day} {here:%B %Y} at {clock(here)}"


def clock(value: Any) -> str:
    """The time of day alone, in UK time: 10am, 2:05pm."""
    moment = as_datetime(value)
    if moment is None:
        return ""
    here = moment.astimezone(LONDON)
    hour = here.hour % 12 or 12
    suffix = "am" if here.hour < 12 else "pm"
    return f"{hour}{suffix}" if here.minute == 0 else f"{hour}:{here.minute:02d}{suffix}"


@dataclass(frozen=True)
class TimelineLine:
    when: str
    text: str
    by: str


def timeline_of(entries: Sequence[Mapping[str, Any]]) -> list[TimelineLine]:
    """The journey's story newest first: what happened last is what is read first."""
    ordered = sorted(entries, key=lambda e: str(e.get("occurred_at")), reverse=True)
    return [
        TimelineLine(
            local_time(e.get("occurred_at"), weekday=False),
            str(e.get("text") or e.get("event_type") or ""),
            PRODUCERS.get(str(e.get("producer")), str(e.get("producer") or "")),
        )
        for e in ordered
    ]
