"""How a list of referrals can be asked for: in which order (the newest first; the waiting
list's order, as assignment takes it; the nearest first-contact deadline first) and narrowed
to those whose first contact is overdue."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from linkwork_referral.domain.lifecycle import Status

ASCENDING, DESCENDING = 1, -1


class Order(StrEnum):
    NEWEST = "newest"
    WAITING = "waiting"  # urgent first, then the longest waiting
    DUE = "due"  # the nearest first-contact deadline first

    @property
    def sort(self) -> list[tuple[str, int]]:
        return {
            Order.NEWEST: [("received_at", DESCENDING), ("_id", ASCENDING)],
            Order.WAITING: [
                ("urgency", DESCENDING),
                ("received_at", ASCENDING),
                ("_id", ASCENDING),
            ],
            Order.DUE: [("first_contact_due", ASCENDING), ("_id", ASCENDING)],
        }[self]


def overdue_at(now: datetime) -> dict[str, Any]:
    """Assigned referrals still without a first contact after their deadline."""
    return {"status": Status.ASSIGNED, "first_contact_at": None, "first_contact_due": {"$lt": now}}
