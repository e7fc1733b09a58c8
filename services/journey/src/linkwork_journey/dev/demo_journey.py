"""A link worker's demo day with one person, as data, and the walk that records it on a
started journey over the journey service's HTTP API (used by `make up`).

    answers = await walk_demo_day(client, f"/journeys/{journey_id}", headers)

The day: a first home visit where they talk about what matters (needs by domain with
priorities, and barriers), a risk flag for her hearing, two goals (one already progressed),
ONS4 and UCLA-3 baselines, a phone call later with its case note, and a face-to-face
appointment booked for next week.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from linkwork_journey.actions.commands import (
    AddNote,
    AssessNeeds,
    Command,
    LogContact,
    MeasureOutcome,
    ProgressGoal,
    RaiseRiskFlag,
    ScheduleContact,
    SetGoal,
)

if TYPE_CHECKING:
    import httpx  # the caller's client: the journey service itself needs no HTTP client


@dataclass(frozen=True)
class Step:
    """One request of the day: a POST under the journey, its body as JSON, the command it is."""

    path: str  # under the journey's path; `{name}` is an id an earlier step kept
    command: type[Command]
    body: dict[str, Any]
    keeps: dict[str, str] = field(default_factory=dict)  # name -> field of the answer


def demo_day(now: datetime | None = None) -> list[Step]:
    """The day's steps, dated from `now` (today, by default)."""
    now = now or datetime.now(UTC)
    today = now.date().isoformat()
    next_week = datetime.combine(now.date() + timedelta(days=7), time(10, 30), UTC)
    in_three_months = (now.date() + timedelta(days=91)).isoformat()
    return [
        Step(
            "/contacts",
            LogContact,
            {
                "mode": "home_visit",
                "occurred_on": today,
                "duration_minutes": 60,
                "with_whom": "Amina and her daughter",
            },
        ),
        Step(
            "/assessments",
            AssessNeeds,
            {
                "needs": [
                    {"domain": "loneliness", "priority": "high"},
                    {"domain": "physical_activity", "priority": "medium"},
                    {"domain": "money_and_debt", "priority": "low"},
                ],
                "barriers": ["no transport", "low confidence going out alone"],
            },
        ),
        Step(
            "/risk-flags",
            RaiseRiskFlag,
            {
                "kind": "communication_needs",
                "description": "Hard of hearing: face her when speaking; phone calls are hard, "
                "so text before calling",
                "communication": ["hearing"],
                "review_on": in_three_months,
            },
        ),
        Step(
            "/goals",
            SetGoal,
            {"description": "Join the Hyde Park walking group", "need_domain": "physical_activity"},
            keeps={"walking_goal": "goal_id"},
        ),
        Step(
            "/goals",
            SetGoal,
            {"description": "Get a benefits check", "need_domain": "money_and_debt"},
        ),
        Step(
            "/goals/{walking_goal}/progress",
            ProgressGoal,
            {"note": "Looked up the Tuesday route together; her neighbour may go with her"},
        ),
        Step(
            "/measures",
            MeasureOutcome,
            {
                "instrument": "ONS4",
                "measured_on": today,
                "items": {"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 7},
                "kind": "baseline",
            },
        ),
        Step(
            "/measures",
            MeasureOutcome,
            {
                "instrument": "UCLA3",
                "measured_on": today,
                "items": {"lack_companionship": 3, "left_out": 2, "isolated": 3},
                "kind": "baseline",
            },
        ),
        Step(
            "/contacts",
            LogContact,
            {
                "mode": "phone",
                "occurred_on": today,
                "duration_minutes": 15,
                "notes": "Checked the walking group meets at 10:00 on Tuesdays",
            },
        ),
        Step(
            "/notes",
            AddNote,
            {
                "category": "phone_call",
                "text": "Her daughter will drive her to the first walk; she asked us to call "
                "the daughter, not her, about times",
            },
        ),
        Step(
            "/appointments",
            ScheduleContact,
            {
                "scheduled_for": next_week.isoformat(),
                "mode": "face_to_face",
                "duration_minutes": 45,
                "location": "Hyde Park Surgery, room 2",
            },
        ),
    ]


async def walk_demo_day(
    client: httpx.AsyncClient,
    base: str,
    headers: dict[str, str],
    steps: list[Step] | None = None,
) -> list[dict[str, Any]]:
    """Post the day's steps to the journey at `base` (its path, `/journeys/<id>`, behind the
    service's URL unless the client has one), as the link worker `headers` authorise; the
    answers, in order. A refused step raises `httpx.HTTPStatusError`."""
    kept: dict[str, str] = {}
    answers: list[dict[str, Any]] = []
    for step in steps if steps is not None else demo_day():
        response = await client.post(
            base + step.path.format(**kept), json=step.body, headers=headers
        )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        kept |= {name: answer[source] for name, source in step.keeps.items()}
        answers.append(answer)
    return answers
