"""Reports as CSV: each report's rows, one line each, its columns in first-seen order."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any


def rows_of(report: str, figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The lines of a report's CSV: a sectioned report's sections, each line naming its own."""
    if report == "outcomes":
        goals = figures["goals"]
        return [
            *({"section": "closures", **row} for row in figures["closures"]),
            {"section": "closures", "closure_reason": "total", "n": figures["ended"]},
            {
                "section": "goals",
                "goals_set": goals["set"],
                "goals_achieved": goals["achieved"],
                "achieved_rate": goals["achieved_rate"],
            },
            *({"section": "measures", **row} for row in figures["measures"]),
        ]
    if report == "connections":
        return [
            *({"section": "by_need", **row} for row in figures["by_need"]),
            *({"section": "by_provider", **row} for row in figures["by_provider"]),
        ]
    rows: list[dict[str, Any]] = figures["rows"]
    return rows


def to_csv(rows: Iterable[Mapping[str, Any]]) -> str:
    lines = list(rows)
    columns: dict[str, None] = {}
    for line in lines:
        columns.update(dict.fromkeys(line))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    for line in lines:
        writer.writerow({key: "" if value is None else value for key, value in line.items()})
    return out.getvalue()
