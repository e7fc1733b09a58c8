"""The geometry of a measure's chart: its scores over time as lines on a fixed canvas, the
baseline marked (a dashed line down at the first measure, and each scale's baseline level
carried across), one marker shape per line so colour is never the only difference, and the
words a screen reader hears instead (the SVG's title and description).

Measures are spaced evenly in the order they were taken, not by date: a baseline and a
follow-up asked on the same day stay apart, and each is labelled with its date."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkwork_console.domain.measures import Instrument, Scale, change_words, score_text, taken
from linkwork_console.domain.people import as_date

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 616, 40, 240  # the plotting area
INSET = 28  # keeps the first and last markers off the axes
SHAPES = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: str


@dataclass(frozen=True)
class Line:
    scale: Scale
    series: int  # 1-4: its colour (CSS) and marker shape
    shape: str
    points: list[Point]
    path: str
    markers: list[str]  # one path per point, in the line's shape
    baseline_y: float | None

    @property
    def key_marker(self) -> str:
        """The line's marker in the key's small swatch (28 by 16)."""
        return marker(self.shape, 14, 8)


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    y_ticks: list[tuple[float, str]]
    x_labels: list[tuple[float, str, str]]  # x, date, baseline or follow-up
    lines: list[Line]
    baseline_x: float | None


def x_positions(count: int) -> list[float]:
    if count == 0:
        return []
    if count == 1:
        return [(LEFT + RIGHT) / 2]
    step = (RIGHT - LEFT - 2 * INSET) / (count - 1)
    return [round(LEFT + INSET + i * step, 1) for i in range(count)]


def y_of(value: float, low: int, high: int) -> float:
    share = (min(max(value, low), high) - low) / (high - low)
    return round(BOTTOM - share * (BOTTOM - TOP), 1)


def ticks(low: int, high: int) -> list[int]:
    """About five whole-number steps from low to high, both ends included."""
    span = high - low
    fitting = [s for s in (1, 2, 5, 7, 10) if span / s <= 6]
    step = next((s for s in fitting if span % s == 0), fitting[0] if fitting else span)
    found = list(range(low, high + 1, step))
    return found if found[-1] == high else [*found, high]


def marker(shape: str, x: float, y: float) -> str:
    """An SVG path of the marker `shape`, centred on (x, y)."""
    if shape == "square":
        return f"M{x - 4.5} {y - 4.5}h9v9h-9Z"
    if shape == "triangle":
        return f"M{x} {y - 6}L{x + 5.5} {y + 4}L{x - 5.5} {y + 4}Z"
    if shape == "diamond":
        return f"M{x} {y - 6}L{x + 6} {y}L{x} {y + 6}L{x - 6} {y}Z"
    return f"M{x - 5} {y}a5 5 0 1 0 10 0a5 5 0 1 0 -10 0Z"


def short_date(value: Any) -> str:
    day = as_date(value)
    return f"{day.day} {day:%b %Y}" if day else ""


def chart_of(instrument: Instrument, measures: Sequence[Mapping[str, Any]]) -> Chart | None:
    """The instrument's chart, once it has been measured at least once."""
    ordered = taken(instrument, measures)
    if not ordered:
        return None
    xs = x_positions(len(ordered))
    lines = []
    for series, scale in enumerate(instrument.charted, start=1):
        shape = SHAPES[(series - 1) % len(SHAPES)]
        points = [
            Point(
                x,
                y_of(float(m["scores"][scale.key]), instrument.low, instrument.high),
                score_text(m["scores"][scale.key]),
            )
            for x, m in zip(xs, ordered, strict=True)
            if scale.key in m.get("scores", {})
        ]
        path = "M" + "L".join(f"{p.x} {p.y}" for p in points) if points else ""
        baseline = ordered[0].get("kind") == "baseline" and points
        lines.append(
            Line(
                scale,
                series,
                shape,
                points,
                path,
                [marker(shape, p.x, p.y) for p in points],
                points[0].y if baseline else None,
            )
        )
    x_labels = [
        (
            x,
            short_date(m.get("measured_on")),
            "Baseline" if m.get("kind") == "baseline" else "Follow-up",
        )
        for x, m in zip(xs, ordered, strict=True)
    ]
    return Chart(
        f"{instrument.title}: scores over time",
        describe(instrument, ordered),
        WIDTH,
        HEIGHT,
        LEFT,
        RIGHT,
        TOP,
        BOTTOM,
        [
            (y_of(t, instrument.low, instrument.high), str(t))
            for t in ticks(instrument.low, instrument.high)
        ],
        x_labels,
        lines,
        xs[0] if ordered[0].get("kind") == "baseline" else None,
    )


def describe(instrument: Instrument, ordered: Sequence[Mapping[str, Any]]) -> str:
    """The chart in a sentence per scale: where it started, where it is, the change."""
    count = len(ordered)
    since = short_date(ordered[0].get("measured_on"))
    said = [f"{count} measure{'s' if count != 1 else ''} from {since}."]
    first, last = ordered[0].get("scores", {}), ordered[-1].get("scores", {})
    for scale in instrument.charted:
        if scale.key not in first:
            continue
        start = f"{scale.name}: {score_text(first[scale.key])} at baseline"
        if count > 1 and scale.key in last:
            delta = round(float(last[scale.key]) - float(first[scale.key]), 2)
            said.append(
                f"{start}, {score_text(last[scale.key])} now, {change_words(scale, delta)}."
            )
        else:
            said.append(f"{start}.")
    return " ".join(said)
