"""Scoring the outcome measures: ranges, bands, conversions, change."""

from __future__ import annotations

import pytest

from linkwork_journey.domain.measures import SCALES, InvalidMeasure, change, ons4_band, score
from linkwork_schemas.journey import Instrument

ONS4 = {"life_satisfaction": 4, "worthwhile": 6, "happiness": 8, "anxiety": 7}
SWEMWBS = dict.fromkeys(
    [
        "optimistic",
        "useful",
        "relaxed",
        "dealing_with_problems",
        "thinking_clearly",
        "close_to_others",
        "own_mind",
    ],
    3,
)


def test_ons4_is_reported_per_question_with_ons_bands_never_summed() -> None:
    scored = score(Instrument.ONS4, ONS4)
    assert scored.scores == {"life_satisfaction": 4, "worthwhile": 6, "happiness": 8, "anxiety": 7}
    assert scored.labels == {
        "life_satisfaction": "low",
        "worthwhile": "medium",
        "happiness": "high",
        "anxiety": "high",
    }


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "very low"),
        (1, "very low"),
        (2, "low"),
        (3, "low"),
        (4, "medium"),
        (5, "medium"),
        (6, "high"),
        (10, "high"),
    ],
)
def test_anxiety_bands_run_the_other_way(value: int, band: str) -> None:
    assert ons4_band("anxiety", value) == band


@pytest.mark.parametrize(
    ("value", "band"), [(4, "low"), (5, "medium"), (7, "high"), (9, "very high"), (10, "very high")]
)
def test_positive_question_bands(value: int, band: str) -> None:
    assert ons4_band("happiness", value) == band


def test_swemwbs_raw_total_converts_to_the_metric_score() -> None:
    assert score(Instrument.SWEMWBS, SWEMWBS).scores == {"raw": 21.0, "metric": 19.25}
    assert score(Instrument.SWEMWBS, dict.fromkeys(SWEMWBS, 5)).scores["metric"] == 35.0
    assert score(Instrument.SWEMWBS, dict.fromkeys(SWEMWBS, 1)).scores["metric"] == 7.0


def test_wemwbs_is_the_total_of_its_fourteen_items() -> None:
    items = SCALES[Instrument.WEMWBS].items
    assert len(items) == 14
    answers = {name: 1 + i % 5 for i, name in enumerate(items)}  # 1..5, 1..5, 1..4: 40
    assert score(Instrument.WEMWBS, answers).scores == {"total": 40.0}
    assert score(Instrument.WEMWBS, dict.fromkeys(items, 1)).scores == {"total": 14.0}
    assert score(Instrument.WEMWBS, dict.fromkeys(items, 5)).scores == {"total": 70.0}
    with pytest.raises(InvalidMeasure, match=r"items\.cheerful: 6 is out of range 1-5"):
        score(Instrument.WEMWBS, {**dict.fromkeys(items, 3), "cheerful": 6})


def test_ucla3_total_and_label() -> None:
    lonely = score(Instrument.UCLA3, {"lack_companionship": 3, "left_out": 2, "isolated": 2})
    assert lonely.scores == {"total": 7.0}
    assert lonely.labels == {"total": "lonely"}
    fine = score(Instrument.UCLA3, {"lack_companionship": 1, "left_out": 1, "isolated": 2})
    assert fine.labels == {"total": "not lonely"}


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ({**ONS4, "anxiety": 11}, "items.anxiety: 11 is out of range 0-10"),
        ({k: v for k, v in ONS4.items() if k != "happiness"}, "missing ['happiness']"),
        ({**ONS4, "mood": 3}, "unknown ['mood']"),
        ({**ONS4, "worthwhile": True}, "items.worthwhile: must be a whole number"),
    ],
)
def test_invalid_answers_are_refused_naming_the_item(items: dict[str, int], message: str) -> None:
    with pytest.raises(InvalidMeasure, match=message.replace("[", r"\[").replace("]", r"\]")):
        score(Instrument.ONS4, items)


def test_change_is_latest_minus_baseline() -> None:
    assert change({"total": 8.0}, {"total": 5.0}) == {"total": -3.0}
    assert change({"raw": 21.0, "metric": 19.25}, {"raw": 25.0, "metric": 22.35}) == {
        "raw": 4.0,
        "metric": 3.1,
    }
