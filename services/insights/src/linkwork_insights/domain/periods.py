"""A report's period and filters as callers give them: months `YYYY-MM`, a practice, a PCN,
a team, a route. Parsed here so a bad one is refused naming the parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linkwork_runtime.refusals import Unprocessable
from linkwork_schemas.common import ReferralRoute

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
ROUTES = tuple(str(route) for route in ReferralRoute)


def month(text: str, where: str) -> str:
    matched = _MONTH.match(text)
    if not matched or not 1 <= int(matched.group(2)) <= 12:
        raise Unprocessable(
            f"{where}: {text!r} is not a month: give YYYY-MM, e.g. 2026-01", where=where
        )
    return text


def months_between(first: str, last: str) -> list[str]:
    year, mon = int(first[:4]), int(first[5:])
    found: list[str] = []
    while f"{year:04d}-{mon:02d}" <= last:
        found.append(f"{year:04d}-{mon:02d}")
        year, mon = (year + 1, 1) if mon == 12 else (year, mon + 1)
    return found


@dataclass(frozen=True)
class Filters:
    """What a caller asked a report for (each narrows; none widens what their scope allows)."""

    first: str
    last: str
    practice: str | None = None
    pcn: str | None = None
    team: str | None = None
    route: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def months(self) -> list[str]:
        return months_between(self.first, self.last)

    def named(self) -> dict[str, str]:
        """The filters given, by parameter name (as published)."""
        given = {"practice": self.practice, "pcn": self.pcn, "team": self.team, "route": self.route}
        return {key: value for key, value in given.items() if value}


MOST_MONTHS = 60


def filters(
    first: str,
    last: str,
    practice: str | None = None,
    pcn: str | None = None,
    team: str | None = None,
    route: str | None = None,
) -> Filters:
    first, last = month(first, "from"), month(last, "to")
    if first > last:
        raise Unprocessable(f"from: {first} is after to ({last})", where="from")
    if len(months_between(first, last)) > MOST_MONTHS:
        raise Unprocessable(f"to: a report covers at most {MOST_MONTHS} months", where="to")
    if route is not None and route not in ROUTES:
        raise Unprocessable(f"route: {route!r} is not one of {', '.join(ROUTES)}", where="route")
    return Filters(first, last, practice or None, pcn or None, team or None, route)
