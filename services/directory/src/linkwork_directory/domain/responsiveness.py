"""How a provider answers links: median reply time and acceptance rate over recent links,
shown beside each service so a link worker knows where a referral will be picked up."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

ANSWERED = frozenset({"accepted", "attending", "completed", "ended", "declined"})
ACCEPTED = frozenset({"accepted", "attending", "completed", "ended"})


@dataclass(frozen=True)
class LinkOutcome:
    status: str
    linked_at: datetime
    answered_at: datetime | None


def responsiveness(outcomes: Iterable[LinkOutcome]) -> dict[str, Any]:
    """Over links that have an outcome (answered or expired); pending ones are not counted."""
    decided = [o for o in outcomes if o.status in ANSWERED or o.status == "expired"]
    replies = [
        (o.answered_at - o.linked_at).total_seconds() / 3600
        for o in decided
        if o.status in ANSWERED and o.answered_at is not None
    ]
    accepted = sum(o.status in ACCEPTED for o in decided)
    return {
        "links_considered": len(decided),
        "median_reply_hours": round(statistics.median(replies), 1) if replies else None,
        "acceptance_rate": round(accepted / len(decided), 2) if decided else None,
    }
