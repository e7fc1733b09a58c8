"""Outcome measures: ONS4 personal wellbeing, SWEMWBS, WEMWBS and UCLA 3-item loneliness.

Each is validated item by item (every item present, whole numbers, in range), scored and
labelled. ONS4's four answers are reported separately, never summed; SWEMWBS's raw total
is converted to its published metric score; WEMWBS (the 14 items) is scored as its total,
14 to 70, as its authors publish it (no conversion: the Rasch table is SWEMWBS's alone);
UCLA-3 is a total where higher is lonelier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from linkwork_runtime.refusals import Unprocessable
from linkwork_schemas.journey import Instrument

Kind = Literal["baseline", "follow_up"]


@dataclass(frozen=True)
class Scale:
    items: tuple[str, ...]
    low: int
    high: int


SCALES: dict[Instrument, Scale] = {
    Instrument.ONS4: Scale(("life_satisfaction", "worthwhile", "happiness", "anxiety"), 0, 10),
    Instrument.SWEMWBS: Scale(
        (
            "optimistic",
            "useful",
            "relaxed",
            "dealing_with_problems",
            "thinking_clearly",
            "close_to_others",
            "own_mind",
        ),
        1,
        5,
    ),
    # WEMWBS's 14 items in their published order (Tennant et al. 2007).
    Instrument.WEMWBS: Scale(
        (
            "optimistic",
            "useful",
            "relaxed",
            "interested_in_others",
            "energy_to_spare",
            "dealing_with_problems",
            "thinking_clearly",
            "good_about_myself",
            "close_to_others",
            "confident",
            "own_mind",
            "loved",
            "interested_in_new_things",
            "cheerful",
        ),
        1,
        5,
    ),
    Instrument.UCLA3: Scale(("lack_companionship", "left_out", "isolated"), 1, 3),
}

# SWEMWBS raw total (7-35) -> metric score (Stewart-Brown et al. 2009, Rasch conversion).
SWEMWBS_METRIC = {
    7: 7.00,
    8: 9.51,
    9: 11.25,
    10: 12.40,
    11: 13.33,
    12: 14.08,
    13: 14.75,
    14: 15.32,
    15: 15.84,
    16: 16.36,
    17: 16.88,
    18: 17.43,
    19: 17.98,
    20: 18.59,
    21: 19.25,
    22: 19.98,
    23: 20.73,
    24: 21.54,
    25: 22.35,
    26: 23.21,
    27: 24.11,
    28: 25.03,
    29: 26.02,
    30: 27.03,
    31: 28.13,
    32: 29.31,
    33: 30.70,
    34: 32.55,
    35: 35.00,
}


class InvalidMeasure(Unprocessable):
    """An answer sheet that cannot be scored; the message names the item."""

    code = "invalid_measure"


class NoBaseline(Unprocessable):
    """A follow-up measure needs a baseline of the same instrument to compare with."""

    code = "no_baseline"


@dataclass(frozen=True)
class Scored:
    scores: dict[str, float]
    labels: dict[str, str]


def validate(instrument: Instrument, items: Mapping[str, int]) -> None:
    scale = SCALES[instrument]
    missing = [name for name in scale.items if name not in items]
    unknown = [name for name in items if name not in scale.items]
    if missing or unknown:
        raise InvalidMeasure(
            f"items: {instrument} needs exactly {list(scale.items)}; "
            f"missing {missing}, unknown {unknown}",
            where="items",
        )
    for name in scale.items:
        value = items[name]
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidMeasure(
                f"items.{name}: must be a whole number, got {value!r}", where=f"items.{name}"
            )
        if not scale.low <= value <= scale.high:
            raise InvalidMeasure(
                f"items.{name}: {value} is out of range {scale.low}-{scale.high} for {instrument}",
                where=f"items.{name}",
            )


def score(instrument: Instrument, items: Mapping[str, int]) -> Scored:
    validate(instrument, items)
    if instrument is Instrument.ONS4:
        scores = {name: float(items[name]) for name in SCALES[instrument].items}
        return Scored(scores, {name: ons4_band(name, int(v)) for name, v in scores.items()})
    total = sum(items[name] for name in SCALES[instrument].items)
    if instrument is Instrument.SWEMWBS:
        metric = SWEMWBS_METRIC[total]
        return Scored({"raw": float(total), "metric": metric}, {})
    if instrument is Instrument.WEMWBS:
        return Scored({"total": float(total)}, {})
    return Scored({"total": float(total)}, {"total": "lonely" if total >= 6 else "not lonely"})


def ons4_band(question: str, value: int) -> str:
    """ONS bands: anxiety is lower-is-better and banded differently from the other three."""
    if question == "anxiety":
        if value <= 1:
            return "very low"
        return "low" if value <= 3 else "medium" if value <= 5 else "high"
    if value <= 4:
        return "low"
    return "medium" if value <= 6 else "high" if value <= 8 else "very high"


def change(baseline: Mapping[str, float], latest: Mapping[str, float]) -> dict[str, float]:
    """Latest minus baseline per scale (for ONS4 anxiety and UCLA-3, negative is better)."""
    return {name: round(latest[name] - baseline[name], 2) for name in baseline if name in latest}


def baseline_of(
    instrument: Instrument,
    asked: Kind | None,
    taken: Iterable[Mapping[str, Any]],
    journey_id: str,
) -> tuple[Kind, Mapping[str, Any] | None]:
    """What a new measure is (a baseline unless one was taken: then a follow-up, or as asked)
    and the baseline of its instrument it is compared with, if any."""
    earlier = [m for m in taken if m["instrument"] == instrument]
    baseline = next((m for m in earlier if m["kind"] == "baseline"), None)
    kind: Kind = asked or ("follow_up" if baseline else "baseline")
    if kind == "follow_up" and baseline is None:
        raise NoBaseline(
            f"kind: no {instrument} baseline yet on journey {journey_id}", where="kind"
        )
    return kind, baseline
