"""Report (d): services linked, accepted and attended, by need and by provider, and how long
providers took to answer (median days, from the link to its acceptance or refusal)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from linkwork_insights.domain.disclosure import Figure, protect_line, shown, when_shown
from linkwork_insights.domain.facts import Facts, instant
from linkwork_insights.domain.statistics import percentile

STAGES = ("linked", "accepted", "attended")


def _stages(link: Facts) -> dict[str, bool]:
    return {
        "linked": True,
        "accepted": bool(link.get("accepted_at")),
        "attended": link.get("attended_sessions", 0) > 0,
    }


def _reply_days(link: Facts) -> float | None:
    if not link.get("answered_at") or not link.get("linked_at"):
        return None
    return (instant(link["answered_at"]) - instant(link["linked_at"])).total_seconds() / 86400


def _table(links: list[Facts], field: str, suppress_below: int) -> list[dict[str, Any]]:
    groups: dict[str, list[Facts]] = defaultdict(list)
    for link in links:
        groups[link.get(field) or "unspecified"].append(link)
    columns: dict[str, dict[str, Figure]] = {}
    totals: dict[str, Figure] = {}
    for stage in STAGES:
        counts = {key: sum(_stages(link)[stage] for link in group) for key, group in groups.items()}
        columns[stage], totals[stage] = protect_line(counts, suppress_below)
    rows: list[dict[str, Any]] = []
    for key in sorted(groups):
        replies = [d for d in (_reply_days(link) for link in groups[key]) if d is not None]
        n_replies = shown(len(replies), suppress_below)
        median = percentile(replies, 0.5)
        rows.append(
            {
                field: key,
                **{stage: columns[stage][key] for stage in STAGES},
                "replies": n_replies,
                "reply_median_days": when_shown(
                    n_replies, None if median is None else round(median, 1)
                ),
            }
        )
    rows.append({field: "total", **totals, "replies": None, "reply_median_days": None})
    return rows


def connections(links: Iterable[Facts], suppress_below: int) -> dict[str, Any]:
    made = list(links)
    return {
        "by_need": _table(made, "need", suppress_below),
        "by_provider": _table(made, "provider", suppress_below),
    }
