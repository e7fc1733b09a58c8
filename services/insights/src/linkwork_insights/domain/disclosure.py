"""Disclosure control: no count below `suppress_below` is shown, and no suppressed count can
be worked out from what is shown.

A table is cells plus the totals of its rows and columns (and the grand total). Primary
suppression hides every count from 1 to `suppress_below - 1` (a zero is shown: it describes
nobody). Secondary suppression then looks at every line, a row with its total or a column
with its total: a line in which exactly one figure is hidden gives it away (the total less
the others), so another figure of that line is hidden too, the smallest one not hidden yet,
preferring a cell to the total. This repeats until no line has exactly one hidden figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SUPPRESSED = "suppressed"
Figure = int | str  # a count, or SUPPRESSED
Key = str
TOTAL: Key = "\x00total"  # a margin, never a row or column of its own


def primary(count: int, suppress_below: int) -> bool:
    return 0 < count < suppress_below


def shown(count: int, suppress_below: int) -> Figure:
    """One count on its own (no totals to protect it by): the count or SUPPRESSED."""
    return SUPPRESSED if primary(count, suppress_below) else count


@dataclass(frozen=True)
class Protected:
    """A table after suppression: each cell, row total, column total and the grand total."""

    cells: dict[tuple[Key, Key], Figure]
    row_totals: dict[Key, Figure]
    column_totals: dict[Key, Figure]
    total: Figure


def protect(
    cells: Mapping[tuple[Key, Key], int],
    rows: Sequence[Key],
    columns: Sequence[Key],
    suppress_below: int,
    row_totals: Mapping[Key, int] | None = None,
    column_totals: Mapping[Key, int] | None = None,
    total: int | None = None,
) -> Protected:
    """Suppress `cells` (row, column) -> count with its margins. Totals default to sums; a
    table whose totals are not sums (a referral with two reasons counted in each) passes its
    own, and is protected the same way (more than needed, never less)."""
    grid: dict[tuple[Key, Key], int] = {(r, c): cells.get((r, c), 0) for r in rows for c in columns}
    for r in rows:
        grid[(r, TOTAL)] = (row_totals or {}).get(r, sum(grid[(r, c)] for c in columns))
    for c in columns:
        grid[(TOTAL, c)] = (column_totals or {}).get(c, sum(grid[(r, c)] for r in rows))
    grid[(TOTAL, TOTAL)] = total if total is not None else sum(grid[(r, TOTAL)] for r in rows)
    hidden = {key for key, count in grid.items() if primary(count, suppress_below)}
    lines = [[(r, c) for c in [*columns, TOTAL]] for r in [*rows, TOTAL]]
    lines += [[(r, c) for r in [*rows, TOTAL]] for c in [*columns, TOTAL]]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(key in hidden for key in line) != 1:
                continue
            complement = _complement(line, hidden, grid)
            if complement is not None:
                hidden.add(complement)
                changed = True

    def figure(key: tuple[Key, Key]) -> Figure:
        return SUPPRESSED if key in hidden else grid[key]

    return Protected(
        cells={(r, c): figure((r, c)) for r in rows for c in columns},
        row_totals={r: figure((r, TOTAL)) for r in rows},
        column_totals={c: figure((TOTAL, c)) for c in columns},
        total=figure((TOTAL, TOTAL)),
    )


def _complement(
    line: list[tuple[Key, Key]], hidden: set[tuple[Key, Key]], grid: Mapping[tuple[Key, Key], int]
) -> tuple[Key, Key] | None:
    """The figure to hide beside a line's one hidden figure: the smallest shown cell (a
    non-zero one first: hiding a zero hides little), else the line's total."""

    def smallest(keys: list[tuple[Key, Key]]) -> tuple[Key, Key] | None:
        keys.sort(key=lambda key: (grid[key] == 0, grid[key], str(key)))
        return keys[0] if keys else None

    shown_keys = [key for key in line if key not in hidden]
    return smallest([key for key in shown_keys if TOTAL not in key]) or smallest(shown_keys)


def protect_line(
    counts: Mapping[Key, int], suppress_below: int, total: int | None = None
) -> tuple[dict[Key, Figure], Figure]:
    """A one-way table (counts and their total): suppressed as a table of one column."""
    keys = list(counts)
    protected = protect(
        {(key, "n"): count for key, count in counts.items()},
        keys,
        ["n"],
        suppress_below,
        column_totals=None if total is None else {"n": total},
        total=total,
    )
    return {key: protected.cells[(key, "n")] for key in keys}, protected.total


def when_shown(n: Figure, value: Any) -> Any:
    """A rate, mean or interval, shown only when the count it is of is shown."""
    return None if n == SUPPRESSED else value
