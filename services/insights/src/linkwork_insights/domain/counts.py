"""Reports (a) referrals by month and (e) unmet needs by need and district: tables of counts,
protected with their totals (domain/disclosure.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, Literal

from linkwork_insights.domain.disclosure import protect
from linkwork_insights.domain.facts import Facts

By = Literal["practice", "team", "route", "reason"]
BY: tuple[By, ...] = ("practice", "team", "route", "reason")
UNKNOWN = "unknown"


def _keys(facts: Facts, by: By) -> list[str]:
    if by == "reason":
        return list(facts.get("reason_domains") or ["unspecified"])
    field = {"practice": "practice", "team": "team_id", "route": "route"}[by]
    return [facts.get(field) or UNKNOWN]


def referrals_by_month(
    referrals: Iterable[Facts], months: Sequence[str], by: By, suppress_below: int
) -> dict[str, Any]:
    """Referrals received each month by `by`; a referral with two reason domains counts in
    each, once in the month's total."""
    cells: Counter[tuple[str, str]] = Counter()
    per_month: Counter[str] = Counter()
    for facts in referrals:
        if facts.get("month") not in months:
            continue
        per_month[facts["month"]] += 1
        for key in _keys(facts, by):
            cells[(key, facts["month"])] += 1
    keys = sorted({key for key, _ in cells})
    protected = protect(
        cells,
        keys,
        list(months),
        suppress_below,
        column_totals=dict(per_month) if by == "reason" else None,
        total=sum(per_month.values()) if by == "reason" else None,
    )
    rows = [
        {
            by: key,
            **{m: protected.cells[(key, m)] for m in months},
            "total": protected.row_totals[key],
        }
        for key in keys
    ]
    rows.append({by: "total", **protected.column_totals, "total": protected.total})
    return {"by": by, "months": list(months), "rows": rows}


def unmet_needs(recorded: Iterable[Facts], suppress_below: int) -> dict[str, Any]:
    """Unmet needs recorded in the period by need domain and postcode district."""
    cells: Counter[tuple[str, str]] = Counter(
        (need["need"], need.get("area") or UNKNOWN) for need in recorded
    )
    needs = sorted({need for need, _ in cells})
    areas = sorted({area for _, area in cells})
    protected = protect(cells, needs, areas, suppress_below)
    rows = [
        {
            "need": need,
            **{a: protected.cells[(need, a)] for a in areas},
            "total": protected.row_totals[need],
        }
        for need in needs
    ]
    rows.append({"need": "total", **protected.column_totals, "total": protected.total})
    return {"areas": areas, "rows": rows}
