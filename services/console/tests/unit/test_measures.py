"""Outcome measures on the journey page: the instruments' own wording and scales, answer
sheets, the table with the change from baseline, and the chart's geometry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from linkwork_console.domain import measure_chart as charts
from linkwork_console.domain import measures
from linkwork_journey.domain.measures import SCALES

ONS_BASELINE = {
    "instrument": "ONS4",
    "kind": "baseline",
    "measured_on": "2026-12-03",
    "scores": {"life_satisfaction": 4.0, "worthwhile": 5.0, "happiness": 3.0, "anxiety": 7.0},
    "labels": {
        "life_satisfaction": "low",
        "worthwhile": "medium",
        "happiness": "low",
        "anxiety": "high",
    },
}
ONS_FOLLOW_UP = {
    "instrument": "ONS4",
    "kind": "follow_up",
    "measured_on": "2027-02-20",
    "scores": {"life_satisfaction": 6.0, "worthwhile": 7.0, "happiness": 6.0, "anxiety": 4.0},
    "labels": {
        "life_satisfaction": "medium",
        "worthwhile": "high",
        "happiness": "medium",
        "anxiety": "medium",
    },
    "change_from_baseline": {
        "life_satisfaction": 2.0,
        "worthwhile": 2.0,
        "happiness": 3.0,
        "anxiety": -3.0,
    },
}
UCLA_BASELINE = {
    "instrument": "UCLA3",
    "kind": "baseline",
    "measured_on": "2026-12-03",
    "scores": {"total": 8.0},
    "labels": {"total": "lonely"},
}


@dataclass
class Posted:
    fields: dict[str, str] = field(default_factory=dict)

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def getlist(self, name: str) -> list[str]:
        return [self.fields[name]] if name in self.fields else []


def test_the_items_are_the_journey_services_names() -> None:
    items = {code: [q.item for q in i.questions] for code, i in measures.INSTRUMENTS.items()}
    assert items == {str(code): list(scale.items) for code, scale in SCALES.items()}
    assert items["WEMWBS"][:5] == [
        "optimistic",
        "useful",
        "relaxed",
        "interested_in_others",
        "energy_to_spare",
    ]


def test_each_instrument_keeps_its_published_wording_and_scale() -> None:
    ons = measures.ONS4.questions
    assert ons[0].text == "Overall, how satisfied are you with your life nowadays?"
    assert "how anxious did you feel yesterday?" in ons[3].text
    assert [v for v, _ in measures.ONS4.answers] == list(range(11))
    assert measures.SWEMWBS.questions[0].text == "I've been feeling optimistic about the future"
    assert [w for _, w in measures.SWEMWBS.answers] == [
        "None of the time",
        "Rarely",
        "Some of the time",
        "Often",
        "All of the time",
    ]
    assert measures.UCLA3.questions[1].text == "How often do you feel left out?"
    assert measures.UCLA3.answers == ((1, "Hardly ever"), (2, "Some of the time"), (3, "Often"))


def test_an_answer_sheet_needs_every_question_answered_within_the_scale() -> None:
    sheet = measures.answer_sheet(
        measures.UCLA3,
        Posted(
            {
                "lack_companionship": "3",
                "left_out": "4",
                "measured_on-day": "3",
                "measured_on-month": "12",
                "measured_on-year": "2026",
            }
        ),
        date(2026, 12, 3),
    )
    assert [e.field for e in sheet.errors] == ["items.left_out", "items.isolated"]
    assert sheet.errors[0].message == "Choose an answer to UCLA3 question 2"


def test_a_whole_answer_sheet_is_the_services_body() -> None:
    sheet = measures.answer_sheet(
        measures.UCLA3,
        Posted(
            {
                "lack_companionship": "3",
                "left_out": "2",
                "isolated": "1",
                "measured_on-day": "3",
                "measured_on-month": "12",
                "measured_on-year": "2026",
            }
        ),
        date(2026, 12, 3),
    )
    assert sheet.errors == []
    assert sheet.body == {
        "instrument": "UCLA3",
        "measured_on": "2026-12-03",
        "items": {"lack_companionship": 3, "left_out": 2, "isolated": 1},
    }


def test_a_measure_asked_tomorrow_is_refused() -> None:
    sheet = measures.answer_sheet(
        measures.UCLA3,
        Posted(
            {
                "lack_companionship": "1",
                "left_out": "1",
                "isolated": "1",
                "measured_on-day": "4",
                "measured_on-month": "12",
                "measured_on-year": "2026",
            }
        ),
        date(2026, 12, 3),
    )
    assert [e.field for e in sheet.errors] == ["measured_on"]


def test_the_change_says_which_way_is_better() -> None:
    anxiety = measures.ONS4.charted[3]
    assert measures.change_words(measures.ONS4.charted[0], 2) == "+2 (better)"
    assert measures.change_words(anxiety, -3) == "-3 (better)"
    assert measures.change_words(anxiety, 1) == "+1 (worse)"
    assert measures.change_words(anxiety, 0) == "0 (no change)"


def test_the_next_sheet_is_a_baseline_then_follow_ups() -> None:
    assert measures.next_kind(measures.ONS4, [UCLA_BASELINE]) == "baseline"
    assert measures.next_kind(measures.ONS4, [ONS_BASELINE]) == "follow-up"


def test_the_table_has_the_same_figures_and_the_change_from_baseline() -> None:
    table = measures.table_of(measures.ONS4, [ONS_FOLLOW_UP, UCLA_BASELINE, ONS_BASELINE])
    assert table.headings == ["Life satisfaction", "Worthwhile", "Happiness", "Anxiety"]
    assert [(r.on, r.kind) for r in table.rows] == [
        ("3 December 2026", "Baseline"),
        ("20 February 2027", "Follow-up"),
    ]
    assert table.rows[0].cells == ["4 (low)", "5 (medium)", "3 (low)", "7 (high)"]
    assert table.change == ["+2 (better)", "+2 (better)", "+3 (better)", "-3 (better)"]


def test_a_baseline_alone_has_no_change_yet() -> None:
    assert measures.table_of(measures.UCLA3, [UCLA_BASELINE]).change is None


def test_a_closed_journeys_changes_read_as_lines() -> None:
    summary = {"measure_changes": [{"instrument": "UCLA3", "change": {"total": -2.0}}]}
    assert measures.change_lines(summary) == ["UCLA3: total (3 to 9) -2 (better)"]


def test_no_chart_before_the_first_measure() -> None:
    assert charts.chart_of(measures.ONS4, [UCLA_BASELINE]) is None


def test_ons4_is_four_lines_with_the_baseline_marked() -> None:
    chart = charts.chart_of(measures.ONS4, [ONS_BASELINE, ONS_FOLLOW_UP])
    assert chart is not None
    assert [line.scale.key for line in chart.lines] == [
        "life_satisfaction",
        "worthwhile",
        "happiness",
        "anxiety",
    ]
    assert len({line.shape for line in chart.lines}) == 4  # colour is never the only difference
    first = chart.lines[0]
    assert chart.baseline_x == first.points[0].x == charts.LEFT + charts.INSET
    assert first.baseline_y == first.points[0].y == charts.y_of(4, 0, 10)
    assert first.path.startswith("M") and "L" in first.path
    assert [label for _, _, label in chart.x_labels] == ["Baseline", "Follow-up"]
    assert "Anxiety: 7 at baseline, 4 now, -3 (better)." in chart.description


def test_scores_are_placed_on_the_instruments_range() -> None:
    assert charts.y_of(0, 0, 10) == charts.BOTTOM
    assert charts.y_of(10, 0, 10) == charts.TOP
    assert charts.y_of(12, 0, 10) == charts.TOP  # never off the chart
    assert charts.ticks(0, 10) == [0, 2, 4, 6, 8, 10]
    assert charts.ticks(7, 35) == [7, 14, 21, 28, 35]
    assert charts.ticks(3, 9) == [3, 4, 5, 6, 7, 8, 9]


def test_measures_are_spaced_evenly_even_on_the_same_day() -> None:
    assert charts.x_positions(1) == [(charts.LEFT + charts.RIGHT) / 2]
    xs = charts.x_positions(3)
    assert xs[0] == charts.LEFT + charts.INSET and xs[-1] == charts.RIGHT - charts.INSET
    assert xs[1] - xs[0] == xs[2] - xs[1]


def test_markers_are_closed_paths_centred_on_the_point() -> None:
    for shape in charts.SHAPES:
        assert charts.marker(shape, 100, 50).endswith("Z")
    assert charts.marker("square", 100, 50) == "M95.5 45.5h9v9h-9Z"
