"""Outcome measures as the journey page asks and shows them: each instrument's own wording
and answer scale (ONS4 personal wellbeing, SWEMWBS, WEMWBS, UCLA 3-item loneliness; the items are
the journey service's names), what a posted answer sheet becomes, and for each instrument a
chart of its scores over time with the baseline marked (the geometry of a server-rendered
SVG) and a table of the same figures with the change from baseline in words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.journey_forms import Fields, Parsed, date_from
from linkwork_console.domain.people import long_date


@dataclass(frozen=True)
class Question:
    item: str  # the journey service's name for the item
    text: str
    hint: str = ""


@dataclass(frozen=True)
class Scale:
    """One line on the chart (and column of the table): a score the instrument reports."""

    key: str
    name: str
    higher_is_better: bool = True


@dataclass(frozen=True)
class Instrument:
    code: str
    title: str
    intro: str
    questions: tuple[Question, ...]
    answers: tuple[tuple[int, str], ...]  # value, words
    low: int  # the chart's range: the lowest and highest score
    high: int
    charted: tuple[Scale, ...]
    columns: tuple[Scale, ...]  # the table's, which may show more than is charted
    note: str = ""
    credit: str = ""


ONS4_SCALES = (
    Scale("life_satisfaction", "Life satisfaction"),
    Scale("worthwhile", "Worthwhile"),
    Scale("happiness", "Happiness"),
    Scale("anxiety", "Anxiety", higher_is_better=False),
)
UCLA3_SCALES = (Scale("total", "Total (3 to 9)", higher_is_better=False),)
ONS4 = Instrument(
    "ONS4",
    "ONS4 personal wellbeing",
    "Next I would like to ask you four questions about your feelings on aspects of your life. "
    "There are no right or wrong answers. For each of these questions I'd like you to give an "
    "answer on a scale of 0 to 10, where 0 is 'not at all' and 10 is 'completely'.",
    (
        Question(
            "life_satisfaction",
            "Overall, how satisfied are you with your life nowadays?",
            "Where 0 is 'not at all satisfied' and 10 is 'completely satisfied'",
        ),
        Question(
            "worthwhile",
            "Overall, to what extent do you feel that the things you do in your life are "
            "worthwhile?",
            "Where 0 is 'not at all worthwhile' and 10 is 'completely worthwhile'",
        ),
        Question(
            "happiness",
            "Overall, how happy did you feel yesterday?",
            "Where 0 is 'not at all happy' and 10 is 'completely happy'",
        ),
        Question(
            "anxiety",
            "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', "
            "overall, how anxious did you feel yesterday?",
        ),
    ),
    tuple((n, str(n)) for n in range(11)),
    0,
    10,
    ONS4_SCALES,
    ONS4_SCALES,
    note="Each answer is reported on its own, never added up. For anxiety, lower is better.",
)
SWEMWBS = Instrument(
    "SWEMWBS",
    "Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS)",
    "Below are some statements about feelings and thoughts. Please choose the answer that best "
    "describes your experience of each over the last 2 weeks.",
    (
        Question("optimistic", "I've been feeling optimistic about the future"),
        Question("useful", "I've been feeling useful"),
        Question("relaxed", "I've been feeling relaxed"),
        Question("dealing_with_problems", "I've been dealing with problems well"),
        Question("thinking_clearly", "I've been thinking clearly"),
        Question("close_to_others", "I've been feeling close to other people"),
        Question("own_mind", "I've been able to make up my own mind about things"),
    ),
    (
        (1, "None of the time"),
        (2, "Rarely"),
        (3, "Some of the time"),
        (4, "Often"),
        (5, "All of the time"),
    ),
    7,
    35,
    (Scale("metric", "Metric score"),),
    (Scale("raw", "Raw score (7 to 35)"), Scale("metric", "Metric score")),
    note="The raw total (7 to 35) is converted to the published metric score. Higher is better.",
    credit="Short Warwick-Edinburgh Mental Wellbeing Scale (SWEMWBS) © University of Warwick, "
    "2006, all rights reserved.",
)
WEMWBS = Instrument(
    "WEMWBS",
    "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)",
    SWEMWBS.intro,
    (
        Question("optimistic", "I've been feeling optimistic about the future"),
        Question("useful", "I've been feeling useful"),
        Question("relaxed", "I've been feeling relaxed"),
        Question("interested_in_others", "I've been feeling interested in other people"),
        Question("energy_to_spare", "I've had energy to spare"),
        Question("dealing_with_problems", "I've been dealing with problems well"),
        Question("thinking_clearly", "I've been thinking clearly"),
        Question("good_about_myself", "I've been feeling good about myself"),
        Question("close_to_others", "I've been feeling close to other people"),
        Question("confident", "I've been feeling confident"),
        Question("own_mind", "I've been able to make up my own mind about things"),
        Question("loved", "I've been feeling loved"),
        Question("interested_in_new_things", "I've been interested in new things"),
        Question("cheerful", "I've been feeling cheerful"),
    ),
    SWEMWBS.answers,
    14,
    70,
    (Scale("total", "Total (14 to 70)"),),
    (Scale("total", "Total (14 to 70)"),),
    note="The answers are added up: the total runs from 14 to 70. Higher is better.",
    credit="Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS) © University of Warwick and "
    "NHS Health Scotland, 2006, all rights reserved.",
)
UCLA3 = Instrument(
    "UCLA3",
    "UCLA 3-item loneliness scale",
    "The next questions are about how you feel about different aspects of your life. For each "
    "one, tell me how often you feel that way.",
    (
        Question("lack_companionship", "How often do you feel that you lack companionship?"),
        Question("left_out", "How often do you feel left out?"),
        Question("isolated", "How often do you feel isolated from others?"),
    ),
    ((1, "Hardly ever"), (2, "Some of the time"), (3, "Often")),
    3,
    9,
    UCLA3_SCALES,
    UCLA3_SCALES,
    note="The total runs from 3 to 9: higher is lonelier, 6 or more counts as lonely.",
)
INSTRUMENTS = {i.code: i for i in (ONS4, SWEMWBS, WEMWBS, UCLA3)}


def answer_sheet(instrument: Instrument, fields: Fields, today: date) -> Parsed:
    """A posted answer sheet: every question answered within the scale, and the day asked."""
    parsed = Parsed(body={"instrument": instrument.code, "items": {}})
    allowed = {str(value) for value, _ in instrument.answers}
    for number, question in enumerate(instrument.questions, start=1):
        typed = fields.get(question.item)
        if typed not in allowed:
            parsed.wrong(
                f"items.{question.item}", f"Choose an answer to {instrument.code} question {number}"
            )
        else:
            parsed.body["items"][question.item] = int(typed)
    asked = date_from(fields, "measured_on", "the date it was asked", required=True)
    if isinstance(asked, FieldError):
        parsed.errors.append(asked)
    elif asked is not None:
        if asked > today:
            parsed.wrong("measured_on", "The date it was asked must be today or in the past")
        parsed.body["measured_on"] = asked.isoformat()
    return parsed


def taken(instrument: Instrument, measures: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The instrument's measures in the order they were taken (the baseline first)."""
    mine = [m for m in measures if m.get("instrument") == instrument.code]
    return sorted(mine, key=lambda m: (m.get("kind") != "baseline", str(m.get("measured_on"))))


def next_kind(instrument: Instrument, measures: Sequence[Mapping[str, Any]]) -> str:
    """What the next answer sheet will be: the baseline, or a follow-up compared with it."""
    return "follow-up" if taken(instrument, measures) else "baseline"


def score_text(value: Any) -> str:
    return "" if value is None else f"{float(value):g}"


def change_words(scale: Scale, delta: float) -> str:
    """+2 (better): the sign as it is, and in words which way it went for the person."""
    if delta == 0:
        return "0 (no change)"
    better = (delta > 0) == scale.higher_is_better
    return f"{delta:+g} ({'better' if better else 'worse'})"


@dataclass(frozen=True)
class Row:
    on: str
    kind: str
    cells: list[str]


@dataclass(frozen=True)
class Table:
    headings: list[str]
    rows: list[Row]
    change: list[str] | None  # the latest follow-up against the baseline, per column


def table_of(instrument: Instrument, measures: Sequence[Mapping[str, Any]]) -> Table:
    rows = []
    for measure in taken(instrument, measures):
        scores, labels = measure.get("scores", {}), measure.get("labels", {})
        cells = []
        for column in instrument.columns:
            text = score_text(scores.get(column.key))
            label = labels.get(column.key)
            cells.append(f"{text} ({label})" if label else text)
        kind = "Baseline" if measure.get("kind") == "baseline" else "Follow-up"
        rows.append(Row(long_date(measure.get("measured_on")), kind, cells))
    follow_ups = [m for m in taken(instrument, measures) if m.get("change_from_baseline")]
    change = None
    if follow_ups:
        moved = follow_ups[-1]["change_from_baseline"]
        change = [
            change_words(c, float(moved[c.key])) if c.key in moved else ""
            for c in instrument.columns
        ]
    return Table([c.name for c in instrument.columns], rows, change)


def change_lines(summary: Mapping[str, Any]) -> list[str]:
    """A closed journey's measure changes (baseline to latest follow-up), one line each."""
    lines = []
    for moved in summary.get("measure_changes", []):
        instrument = INSTRUMENTS.get(str(moved.get("instrument")))
        if instrument is None:
            continue
        said = [
            f"{column.name.lower()} {change_words(column, float(moved['change'][column.key]))}"
            for column in instrument.columns
            if column.key in moved.get("change", {})
        ]
        lines.append(f"{instrument.code}: {', '.join(said)}")
    return lines
