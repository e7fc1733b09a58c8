"""`linkwork-dev bench`: its statistics and how it prints them, and one tiny run on a stack of
its own (on the test run's infrastructure) that prints every figure and ratio with numbers.
Timings are never asserted: the figures are what the bench is for."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from linkwork_devstack import bench
from linkwork_devstack.bench_report import Figure, Report, ceiling_line, percentile, ratio_line
from linkwork_devstack.cli import app
from linkwork_devstack.pytest_plugin import Endpoints

NUMBER = r"\d+(\.\d+)?"
FIGURE = re.compile(rf"^  (?P<label>.+?)\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}  \S+", re.MULTILINE)
RATIOS = [
    rf"intake / bare = {NUMBER}x \(goal >= 0\.5x\): (met|NOT met)",
    rf"backlog drain / bare drain = {NUMBER}x \(goal >= 0\.5x\): (met|NOT met)",
    rf"p99 send -> live feed at 5/s = {NUMBER} ms \(goal < 500 ms\): (met|NOT met)",
    rf"database requests per referral \(the stack until settled\) / per bare message = "
    rf"{NUMBER}x",
]


def test_percentiles_are_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([7.0], 99) == 7
    assert math.isnan(percentile([], 50))


def test_a_figure_prints_the_min_median_and_max_of_its_rounds() -> None:
    line = Figure("(b) intake", "referrals/s", [30.0, 10.0, 20.0]).line()
    assert re.search(r"\(b\) intake\s+10\.0\s+20\.0\s+30\.0  referrals/s", line)
    assert "no rounds measured" in Figure("(b) intake", "referrals/s").line()


def test_ratios_are_of_the_medians_and_say_whether_the_goal_is_met() -> None:
    bare = Figure("bare", "messages/s", [60.0, 80.0, 100.0])
    assert ratio_line("intake / bare", Figure("b", "/s", [40.0]), bare, 0.5).endswith(
        "= 0.50x (goal >= 0.5x): met"
    )
    assert ratio_line("intake / bare", Figure("b", "/s", [39.0]), bare, 0.5).endswith(
        "= 0.49x (goal >= 0.5x): NOT met"
    )
    p99 = Figure("p99", "ms", [300.0, 700.0, 400.0])
    assert ceiling_line("p99", p99, 500, "ms").endswith("= 400 ms (goal < 500 ms): met")


def test_a_report_prints_every_figure_and_every_ratio() -> None:
    report = Report("heading")
    for number, figure in enumerate(report.figures(), start=1):
        figure.values.append(float(number))
    printed = report.render()
    assert {m["label"].strip() for m in FIGURE.finditer(printed)} == {
        f.label.strip() for f in report.figures()
    }
    for ratio in RATIOS:
        assert re.search(ratio, printed), ratio


def test_a_run_refuses_a_run_directory_that_holds_something(tmp_path: Path) -> None:
    (tmp_path / "stack.json").write_text("{}")
    result = CliRunner().invoke(app, ["bench", "--count", "5", "--run-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "is not empty" in result.output


@pytest.mark.parametrize(("option", "value"), [("--format", "xml"), ("--broker-storage", "disk")])
def test_an_unknown_format_or_broker_storage_is_refused_before_anything_starts(
    option: str, value: str
) -> None:
    result = CliRunner().invoke(app, ["bench", option, value])
    assert result.exit_code == 2
    assert value in result.output


@pytest.mark.timeout(300)
def test_a_tiny_run_prints_every_figure_and_ratio_with_numbers(
    linkwork_infra: Endpoints, tmp_path: Path
) -> None:
    plan = bench.Plan(count=4, rounds=1, rate=5.0, seconds=1.0, timeout=120.0)
    infrastructure = bench.Infrastructure(
        linkwork_infra.kafka_bootstrap, linkwork_infra.mongodb_uri
    )

    report = bench.run(plan, tmp_path / "bench", lambda _: None, infrastructure)

    printed = report.render()
    measured = {m["label"].strip() for m in FIGURE.finditer(printed)}
    assert measured == {f.label.strip() for f in report.figures()}, printed
    for ratio in RATIOS:
        assert re.search(ratio, printed), f"{ratio} not in:\n{printed}"
    assert not report.notes, printed  # every stage finished; the server gave its counts
