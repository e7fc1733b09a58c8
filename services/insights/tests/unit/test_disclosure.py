"""Disclosure control on tables crafted so that primary suppression alone gives a count away."""

from __future__ import annotations

from linkwork_insights.domain.disclosure import SUPPRESSED, protect, protect_line, shown

S = SUPPRESSED


def test_a_small_count_alone_is_suppressed_and_zero_is_shown() -> None:
    assert [shown(n, 5) for n in (0, 1, 4, 5, 12)] == [0, S, S, 5, 12]


def test_primary_suppression_alone_would_leave_a_cell_worked_out_from_its_row_total() -> None:
    # Row A: 3 + 10 + 12 = 25. Hiding only the 3 leaves it as 25 - 10 - 12.
    cells = {("A", "jan"): 3, ("A", "feb"): 10, ("A", "mar"): 12}
    cells |= {("B", "jan"): 20, ("B", "feb"): 30, ("B", "mar"): 40}
    table = protect(cells, ["A", "B"], ["jan", "feb", "mar"], 5)
    row_a = [table.cells[("A", m)] for m in ("jan", "feb", "mar")]
    assert row_a == [S, S, 12]  # the smallest other cell of the row (10) hidden beside it
    assert table.row_totals["A"] == 25
    # ...and their columns too, so neither comes back from a column total.
    assert table.cells[("B", "jan")] == S and table.cells[("B", "feb")] == S
    assert table.column_totals == {"jan": 23, "feb": 40, "mar": 52}
    assert table.cells[("B", "mar")] == 40
    for line in ([("A", m) for m in ("jan", "feb", "mar")], [(r, "jan") for r in ("A", "B")]):
        assert sum(table.cells[key] == S for key in line) != 1


def test_a_row_of_one_small_count_and_its_total_hides_the_total() -> None:
    # One month only: the row total equals the cell, so it must go too, and a column mate.
    table = protect(
        {("A", "jan"): 2, ("B", "jan"): 9, ("C", "jan"): 7}, ["A", "B", "C"], ["jan"], 5
    )
    assert table.cells[("A", "jan")] == S and table.row_totals["A"] == S
    assert table.cells[("C", "jan")] == S and table.row_totals["C"] == S  # 7 < 9: the smaller
    assert table.cells[("B", "jan")] == 9 and table.column_totals["jan"] == 18


def test_a_line_cannot_be_completed_from_the_grand_total() -> None:
    counts, total = protect_line({"goals_met": 3, "moved_away": 6, "disengaged": 8}, 5)
    assert counts == {"goals_met": S, "moved_away": S, "disengaged": 8}
    assert total == 17


def test_nothing_is_hidden_when_every_count_is_large_enough() -> None:
    cells = {("A", "jan"): 5, ("A", "feb"): 6, ("B", "jan"): 7, ("B", "feb"): 0}
    table = protect(cells, ["A", "B"], ["jan", "feb"], 5)
    assert S not in table.cells.values() and table.total == 18
