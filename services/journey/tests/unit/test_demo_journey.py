"""The demo day is what the journey service accepts: every step's body is its command."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from linkwork_journey.dev.demo_journey import Step, demo_day

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("step", demo_day(NOW), ids=lambda step: step.path)
def test_every_step_of_the_demo_day_parses_as_its_command(step: Step) -> None:
    step.command.model_validate_json(json.dumps(step.body))


def test_the_demo_day_books_its_appointment_ahead_and_measures_two_baselines() -> None:
    steps = demo_day(NOW)
    (booking,) = [s for s in steps if s.path == "/appointments"]
    assert datetime.fromisoformat(booking.body["scheduled_for"]) > NOW
    measured = [(s.body["instrument"], s.body["kind"]) for s in steps if s.path == "/measures"]
    assert measured == [("ONS4", "baseline"), ("UCLA3", "baseline")]
