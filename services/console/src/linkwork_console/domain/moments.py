"""How a moment (a date with its time) is written on a page: in England's time for the people
who work there, in UTC with seconds for ops (who line it up with the services' logs)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from linkwork_console.domain.people import as_datetime, long_date

ENGLAND = ZoneInfo("Europe/London")


def _aware(value: Any) -> datetime | None:
    moment = as_datetime(str(value).replace("Z", "+00:00")) if value else None
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the services answer in UTC
    return moment


def long_datetime(value: Any) -> str:
    """3 December 2026 at 12:43 (England's time): when something happened, for staff."""
    moment = _aware(value)
    if moment is None:
        return ""
    local = moment.astimezone(ENGLAND)
    return f"{long_date(local)} at {local:%H:%M}"


def utc_time(value: Any) -> str:
    """3 December 2026, 12:43:06 UTC: when an event happened, for ops."""
    moment = _aware(value)
    if moment is None:
        return ""
    utc = moment.astimezone(UTC)
    return f"{long_date(utc)}, {utc:%H:%M:%S} UTC"
