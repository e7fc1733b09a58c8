"""The risk flags due for review on a link worker's caseload or a manager's team, as the
journey service lists them (most overdue first), each linking to its journey's flags."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from linkwork_console.domain.care_record import kind_words
from linkwork_console.domain.people import as_date, full_name, long_date


@dataclass(frozen=True)
class DueFlag:
    journey_id: str
    name: str
    link_worker_id: str
    kind_words: str
    description: str
    review_on: str
    overdue: str  # "" when due today

    @property
    def href(self) -> str:
        return f"/journeys/{self.journey_id}#risk-flags"


@dataclass(frozen=True)
class FlagsDue:
    """The flags due for review on a caseload or a team, most overdue first."""

    rows: list[DueFlag]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def flags_due_of(answer: Mapping[str, Any], today: date) -> FlagsDue:
    rows = []
    for item in answer.get("items", []):
        flag = item.get("flag") or {}
        due = as_date(flag.get("review_on"))
        late = (today - due).days if due else 0
        rows.append(
            DueFlag(
                journey_id=item["journey_id"],
                name=full_name(item.get("person")),
                link_worker_id=item.get("link_worker_id") or "",
                kind_words=kind_words(flag.get("kind")),
                description=flag.get("description", ""),
                review_on=long_date(due),
                overdue="" if late <= 0 else ("1 day" if late == 1 else f"{late} days"),
            )
        )
    return FlagsDue(rows, int(answer.get("total", len(rows))))
