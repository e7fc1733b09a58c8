"""Report (c): how journeys ended, goals set and achieved, and the change in wellbeing
(ONS4, SWEMWBS, UCLA3) from baseline to follow-up: mean change, its 95% confidence interval,
n, and how many with a baseline had no follow-up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from linkwork_insights.domain.disclosure import protect_line, shown, when_shown
from linkwork_insights.domain.facts import Facts
from linkwork_insights.domain.statistics import mean_with_interval

INSTRUMENTS = ("ONS4", "SWEMWBS", "UCLA3")


def _change(measures: list[dict[str, Any]], instrument: str) -> dict[str, float] | None:
    """Scale -> latest follow-up less the first baseline; None without a follow-up."""
    taken = sorted((m for m in measures if m["instrument"] == instrument), key=lambda m: m["on"])
    baselines = [m for m in taken if m["kind"] == "baseline"]
    follow_ups = (
        [m for m in taken if m["kind"] == "follow_up" and m["on"] >= baselines[0]["on"]]
        if baselines
        else []
    )
    if not follow_ups:
        return None
    first, last = baselines[0]["scores"], follow_ups[-1]["scores"]
    return {scale: last[scale] - first[scale] for scale in first if scale in last}


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def measure_changes(ended: list[Facts], suppress_below: int) -> list[dict[str, Any]]:
    rows = []
    for instrument in INSTRUMENTS:
        with_baseline = [
            f
            for f in ended
            if any(
                m["instrument"] == instrument and m["kind"] == "baseline"
                for m in f.get("measures", [])
            )
        ]
        changes = [
            c for c in (_change(f["measures"], instrument) for f in with_baseline) if c is not None
        ]
        # Their sum (people with a baseline) is shown nowhere: each is protected on its own.
        figures = {
            "n": shown(len(changes), suppress_below),
            "no_follow_up": shown(len(with_baseline) - len(changes), suppress_below),
        }
        for scale in sorted({scale for change in changes for scale in change}):
            interval = mean_with_interval([c[scale] for c in changes if scale in c])
            n = (
                figures["n"]
                if interval is None or interval.n == len(changes)
                else shown(interval.n, suppress_below)
            )
            rows.append(
                {
                    "instrument": instrument,
                    "scale": scale,
                    "n": n,
                    "mean_change": when_shown(n, _rounded(interval.mean if interval else None)),
                    "ci95_low": when_shown(n, _rounded(interval.low if interval else None)),
                    "ci95_high": when_shown(n, _rounded(interval.high if interval else None)),
                    "no_follow_up": figures["no_follow_up"],
                }
            )
        if not changes and with_baseline:
            rows.append(
                {
                    "instrument": instrument,
                    "scale": None,
                    "n": 0,
                    "mean_change": None,
                    "ci95_low": None,
                    "ci95_high": None,
                    "no_follow_up": figures["no_follow_up"],
                }
            )
    return rows


def outcomes(ended_referrals: Iterable[Facts], suppress_below: int) -> dict[str, Any]:
    ended = list(ended_referrals)
    closures, total = protect_line(
        Counter(f.get("closure_reason") or "unknown" for f in ended), suppress_below
    )
    goals = [goal for f in ended for goal in f.get("goals", {}).values()]
    achieved = sum(goal["status"] == "achieved" for goal in goals)
    goal_figures, goals_set = protect_line(
        {"achieved": achieved, "not_achieved": len(goals) - achieved}, suppress_below
    )
    rate = round(achieved / len(goals), 3) if goals else None
    return {
        "ended": total,
        "closures": [{"closure_reason": reason, "n": n} for reason, n in sorted(closures.items())],
        "goals": {
            "set": goals_set,
            "achieved": goal_figures["achieved"],
            "achieved_rate": when_shown(goal_figures["achieved"], when_shown(goals_set, rate)),
        },
        "measures": measure_changes(ended, suppress_below),
    }
