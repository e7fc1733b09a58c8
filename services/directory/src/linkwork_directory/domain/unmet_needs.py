"""Unmet needs, kept without personal identifiers: the need, the postcode district, an age
band. Aggregated for commissioners by need and area over a period."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from linkwork_runtime.refusals import Unprocessable

AGE_BANDS = (
    (0, 17, "0-17"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
)
OLDEST_BAND = "65+"
BANDS = (*(label for _, _, label in AGE_BANDS), OLDEST_BAND)
DEFAULT_PERIOD = timedelta(days=90)


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    return OLDEST_BAND


def report_period(
    since: datetime | None, until: datetime | None, now: datetime
) -> tuple[datetime, datetime]:
    """The period a report covers, in UTC: until now and from 90 days before, unless given."""
    until = _utc(until) if until else now
    since = _utc(since) if since else until - DEFAULT_PERIOD
    if since >= until:
        raise Unprocessable("the period must start before it ends", where="from")
    return since, until


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def summarise(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Rows of {need_domain, area, age_band, count} -> totals by need, by area, and both."""
    by_need: Counter[str] = Counter()
    by_area: Counter[str] = Counter()
    both: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for row in rows:
        need, area, count = row["need_domain"], row["area"], int(row["count"])
        by_need[need] += count
        by_area[area] += count
        both[(need, area)][row.get("age_band") or "unknown"] += count
    return {
        "total": sum(by_need.values()),
        "by_need": [{"need_domain": n, "count": c} for n, c in _ranked(by_need)],
        "by_area": [{"area": a, "count": c} for a, c in _ranked(by_area)],
        "by_need_and_area": [
            {
                "need_domain": need,
                "area": area,
                "count": sum(bands.values()),
                "age_bands": dict(sorted(bands.items())),
            }
            for (need, area), bands in sorted(
                both.items(), key=lambda item: (-sum(item[1].values()), item[0])
            )
        ],
    }


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))
