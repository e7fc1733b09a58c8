"""How a person, a date and a wait are written on a page."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any


def full_name(person: Mapping[str, Any] | None) -> str:
    if not person:
        return "Name not known"
    return " ".join(p for p in (person.get("given_name"), person.get("family_name")) if p)


def nhs_number(value: str | None) -> str:
    """An NHS number as the NHS writes it: 943 476 5919."""
    if not value or len(value) != 10:
        return value or "Not given"
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text[:10])


def as_datetime(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def long_date(value: Any) -> str:
    """3 December 2026 (the NHS style for dates)."""
    day = as_date(value)
    return f"{day.day} {day:%B %Y}" if day else ""


def days_waited(since: Any, today: date) -> int:
    start = as_date(since)
    return (today - start).days if start else 0


def waited(since: Any, today: date) -> str:
    days = days_waited(since, today)
    if days <= 0:
        return "today"
    return "1 day" if days == 1 else f"{days} days"
