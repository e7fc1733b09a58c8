"""Report (b): how long people wait from the referral's receipt to its assignment, to the
first contact and to acceptance, in days: median, 90th percentile and n."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from linkwork_insights.domain.disclosure import protect_line, when_shown
from linkwork_insights.domain.facts import Facts, instant
from linkwork_insights.domain.statistics import percentile

WAITS = (
    ("received_to_assigned", "assigned_at"),
    ("received_to_first_contact", "first_contact_at"),
    ("received_to_accepted", "accepted_at"),
)


def _days(facts: Facts, field: str) -> float | None:
    if not facts.get("received_at") or not facts.get(field):
        return None
    waited = instant(facts[field]) - instant(facts["received_at"])
    return max(0.0, waited.total_seconds() / 86400)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def waits(counted: Iterable[Facts], suppress_below: int) -> dict[str, Any]:
    received = list(counted)
    rows = []
    for name, field in WAITS:
        days = [d for d in (_days(facts, field) for facts in received) if d is not None]
        # Reached and not reached add up to the referrals: protected together.
        counts = {"n": len(days), "not_reached": len(received) - len(days)}
        figures, referrals = protect_line(counts, suppress_below)
        rows.append(
            {
                "wait": name,
                "referrals": referrals,
                "n": figures["n"],
                "median_days": when_shown(figures["n"], _rounded(percentile(days, 0.5))),
                "p90_days": when_shown(figures["n"], _rounded(percentile(days, 0.9))),
                "not_reached": figures["not_reached"],
            }
        )
    return {"rows": rows}
