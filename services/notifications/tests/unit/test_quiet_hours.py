"""Quiet hours on their own: the evening and the early morning of a window that wraps
midnight, a window within one day, none at all, and the change of clocks."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from linkwork_notifications.domain.quiet_hours import QuietHours

LONDON = ZoneInfo("Europe/London")
NIGHT = QuietHours(time(20, 0), time(8, 0), LONDON)


def london(*args: int) -> datetime:
    return datetime(*args, tzinfo=LONDON)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (london(2026, 1, 14, 12, 0), london(2026, 1, 14, 12, 0)),
        (london(2026, 1, 14, 19, 59), london(2026, 1, 14, 19, 59)),
        (london(2026, 1, 14, 20, 0), london(2026, 1, 15, 8, 0)),
        (london(2026, 1, 14, 23, 30), london(2026, 1, 15, 8, 0)),
        (london(2026, 1, 15, 2, 0), london(2026, 1, 15, 8, 0)),
        (london(2026, 1, 15, 8, 0), london(2026, 1, 15, 8, 0)),
        # British Summer Time: 08:00 local is 07:00 UTC
        (london(2026, 7, 1, 21, 0), datetime(2026, 7, 2, 7, 0, tzinfo=UTC)),
        # the night the clocks go forward (29 March 2026)
        (london(2026, 3, 28, 22, 0), datetime(2026, 3, 29, 7, 0, tzinfo=UTC)),
    ],
)
def test_a_message_in_quiet_hours_waits_until_they_end(moment: datetime, allowed: datetime) -> None:
    assert NIGHT.next_allowed(moment) == allowed
    assert NIGHT.contains(moment) == (moment != allowed)


def test_a_window_within_one_day_and_no_window_at_all() -> None:
    lunch = QuietHours(time(12, 0), time(14, 0), LONDON)
    assert lunch.next_allowed(london(2026, 1, 14, 13, 0)) == london(2026, 1, 14, 14, 0)
    assert not lunch.contains(london(2026, 1, 14, 22, 0))
    never = QuietHours(time(0, 0), time(0, 0), LONDON)
    assert not never.contains(london(2026, 1, 14, 3, 0))
