"""A session's life: it ends when its token does, and after SESSION_HOURS at the longest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from linkwork_console.domain.identity import Identity
from linkwork_console.domain.sessions import Session, session_end

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def test_a_session_lasts_its_hours_when_the_token_lasts_longer() -> None:
    assert session_end(NOW, NOW + timedelta(hours=24), hours=8) == NOW + timedelta(hours=8)


def test_a_session_ends_with_a_token_that_ends_sooner() -> None:
    assert session_end(NOW, NOW + timedelta(hours=1), hours=8) == NOW + timedelta(hours=1)


def test_a_session_without_a_token_expiry_lasts_its_hours() -> None:
    assert session_end(NOW, None, hours=0.5) == NOW + timedelta(minutes=30)


def test_a_session_has_ended_from_its_last_moment_on() -> None:
    session = Session("s", Identity("lw-amina", "Amina"), "token", "csrf", NOW)
    assert not session.ended(NOW - timedelta(seconds=1))
    assert session.ended(NOW)
