"""The figures of `linkwork-dev bench` and how they are printed: each figure's rounds as
min/median/max, and the ratios against the goals, each saying whether it is met."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

INTAKE_GOAL = 0.5  # intake at least half the bare pipeline's rate
DRAIN_GOAL = 0.5  # backlog drain at least half the bare pipeline's
P99_GOAL_MS = 500.0  # send to the link worker's live feed at 5 referrals/s


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (q in 0-100) of `values`; NaN when there are none."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Figure:
    """One measured quantity, a value per round."""

    label: str
    unit: str
    values: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.values) if self.values else math.nan

    def line(self) -> str:
        if not self.values:
            return f"  {self.label:44} no rounds measured"
        low, mid, high = min(self.values), self.median, max(self.values)
        return f"  {self.label:44} {low:9.1f} {mid:9.1f} {high:9.1f}  {self.unit}"


def ratio_line(label: str, measured: Figure, baseline: Figure, goal: float) -> str:
    """`measured / baseline` of their medians against a goal of at least `goal`."""
    ratio = measured.median / baseline.median if baseline.median else math.nan
    verdict = "met" if ratio >= goal else "NOT met"
    return f"  {label} = {ratio:.2f}x (goal >= {goal:g}x): {verdict}"


def ceiling_line(label: str, measured: Figure, goal: float, unit: str) -> str:
    """The median of `measured` against a goal of under `goal`."""
    verdict = "met" if measured.median < goal else "NOT met"
    return f"  {label} = {measured.median:.0f} {unit} (goal < {goal:g} {unit}): {verdict}"


@dataclass
class Report:
    """Every figure of a bench run, filled in round by round."""

    heading: str
    bare: Figure = field(default_factory=lambda: Figure("(a) bare pipeline", "messages/s"))
    bare_drain: Figure = field(
        default_factory=lambda: Figure("(a) bare backlog drain, from its start", "messages/s")
    )
    bare_drain_start: Figure = field(
        default_factory=lambda: Figure("(a)   its start to the first output", "s")
    )
    intake: Figure = field(default_factory=lambda: Figure("(b) intake", "referrals/s"))
    drain: Figure = field(
        default_factory=lambda: Figure("(c) backlog drain, from the start", "referrals/s")
    )
    drain_start: Figure = field(
        default_factory=lambda: Figure("(c)   its start to the first event", "s")
    )
    p50: Figure = field(default_factory=lambda: Figure("(d) send -> live feed p50", "ms"))
    p95: Figure = field(default_factory=lambda: Figure("(d) send -> live feed p95", "ms"))
    p99: Figure = field(default_factory=lambda: Figure("(d) send -> live feed p99", "ms"))
    bare_requests: Figure = field(
        default_factory=lambda: Figure("database requests per bare message (a)", "requests")
    )
    intake_requests: Figure = field(
        default_factory=lambda: Figure("  per referral, to its outcome event (b)", "requests")
    )
    stack_requests: Figure = field(
        default_factory=lambda: Figure("  per referral, the stack until settled (b)", "requests")
    )
    notes: list[str] = field(default_factory=list)

    def figures(self) -> list[Figure]:
        return [
            self.bare,
            self.bare_drain,
            self.bare_drain_start,
            self.intake,
            self.drain,
            self.drain_start,
            self.p50,
            self.p95,
            self.p99,
            self.bare_requests,
            self.intake_requests,
            self.stack_requests,
        ]

    def render(self) -> str:
        header = f"  {'':44} {'min':>9} {'median':>9} {'max':>9}"
        lines = [self.heading, header, *(f.line() for f in self.figures()), "ratios:"]
        lines += [
            ratio_line("intake / bare", self.intake, self.bare, INTAKE_GOAL),
            ratio_line("backlog drain / bare drain", self.drain, self.bare_drain, DRAIN_GOAL),
            ceiling_line("p99 send -> live feed at 5/s", self.p99, P99_GOAL_MS, "ms"),
            f"  database requests per referral (the stack until settled) / per bare message = "
            f"{_ratio(self.stack_requests, self.bare_requests):.1f}x",
        ]
        return "\n".join(lines + [f"note: {n}" for n in self.notes])


def _ratio(measured: Figure, baseline: Figure) -> float:
    return measured.median / baseline.median if baseline.median else math.nan
