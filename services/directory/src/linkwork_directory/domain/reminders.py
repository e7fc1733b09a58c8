"""When a provider is reminded of a link it has not answered: halfway to its expiry and two
days before it, each once. A reminder that would fall at or before the link was made, or
with the other, is not planned twice: a 3-day expiry is reminded once, halfway."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

FINAL_NOTICE = timedelta(days=2)


def planned(linked_at: datetime, expires_at: datetime) -> list[dict[str, Any]]:
    """The reminders of a new link, earliest first: `{"reminder", "at"}`."""
    halfway = linked_at + (expires_at - linked_at) / 2
    final = expires_at - FINAL_NOTICE
    plan = [{"reminder": "halfway", "at": halfway}]
    if final > halfway:
        plan.append({"reminder": "two_days_left", "at": final})
    return plan


def next_after(link: Mapping[str, Any], sent: str) -> datetime | None:
    """When the reminder after `sent` falls, or None when there is none left."""
    names = [r["reminder"] for r in link.get("reminders", [])]
    later = link.get("reminders", [])[names.index(sent) + 1 :] if sent in names else []
    return later[0]["at"] if later else None


def due(link: Mapping[str, Any]) -> str | None:
    """The reminder whose time is `next_reminder_at`."""
    at = link.get("next_reminder_at")
    return next((r["reminder"] for r in link.get("reminders", []) if r["at"] == at), None)
