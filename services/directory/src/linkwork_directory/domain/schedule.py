"""When a service is open: iCal day codes from ORUK schedules, and the day/time questions
link workers ask ("open on Tuesday mornings?")."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_NAMES = {
    name[:2].upper(): name
    for name in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}
_BYDAY_PART = re.compile(r"^([+-]?\d{0,2})(MO|TU|WE|TH|FR|SA|SU)$")


class BadSchedule(ValueError):
    pass


def parse_day(text: str) -> str:
    """ "MO", "mon", "Monday" -> "MO"."""
    code = text.strip()[:2].upper()
    if code not in DAYS or not _NAMES[code].startswith(text.strip().lower()):
        raise BadSchedule(f"{text!r} is not a day of the week (MO..SU or monday..sunday)")
    return code


def days_of(byday: str | None) -> list[str]:
    """The week days in an iCal BYDAY list ("TH,FR", "2MO,-1FR" -> the days, any week)."""
    days: list[str] = []
    for part in (byday or "").upper().replace(" ", "").split(","):
        match = _BYDAY_PART.match(part)
        if match and match.group(2) not in days:
            days.append(match.group(2))
    return days


@dataclass(frozen=True)
class OpeningTime:
    """One schedule, reduced to what is searched on."""

    days: tuple[str, ...]
    opens_at: str | None
    closes_at: str | None

    def as_record(self) -> dict[str, Any]:
        return {"days": list(self.days), "opens_at": self.opens_at, "closes_at": self.closes_at}


def opening_times(schedules: Iterable[dict[str, Any]]) -> list[OpeningTime]:
    """Opening times of ORUK schedules; a schedule without days is taken as every day."""
    return [
        OpeningTime(tuple(days_of(s.get("byday")) or DAYS), s.get("opens_at"), s.get("closes_at"))
        for s in schedules
    ]


def hhmmss(text: str) -> str:
    """ "9:30" or "09:30:00" -> "09:30:00" (stored times compare as strings)."""
    parts = text.strip().split(":")
    try:
        hour, minute, second = (int(p) for p in [*parts, "0"][:3])
    except ValueError:
        raise BadSchedule(f"{text!r} is not a time of day (HH:MM)") from None
    if len(parts) not in (2, 3) or not (0 <= hour <= 24 and 0 <= minute < 60 and 0 <= second < 60):
        raise BadSchedule(f"{text!r} is not a time of day (HH:MM)")
    return f"{hour:02d}:{minute:02d}:{second:02d}"
