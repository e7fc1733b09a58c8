"""What the live relay makes of each message of the notifications service's feed: the
page's events keep their feed ids (a reconnecting page resumes from them); the end of the
token ends the page's session; keep-alives and kinds the page does not know are dropped."""

from __future__ import annotations

import json

import pytest

from linkwork_console.domain.live import SESSION_ENDED, LiveEvent
from linkwork_console.handlers import on_feed_message


@pytest.mark.parametrize("kind", ["referral", "journey", "notification", "envelope"])
def test_an_update_reaches_the_page_with_its_feed_id(kind: str) -> None:
    data = {"event_type": "ReferralAssigned", "referral_id": "ref-1"}
    assert on_feed_message(kind, json.dumps(data), "42") == LiveEvent(kind, data, "42")


def test_the_end_of_the_token_ends_the_pages_session_without_an_id() -> None:
    ended = on_feed_message("expired", '{"message": "your token has expired"}', None)
    assert ended == SESSION_ENDED
    assert ended is not None and ended.id is None  # the page resumes from its last real id
    assert "Sign in again" in ended.data["message"]


def test_a_resume_from_before_what_the_feed_keeps_tells_the_page_to_reload() -> None:
    assert on_feed_message("reset", "{}", "7") == LiveEvent("reset", {}, "7")


@pytest.mark.parametrize("kind", ["", "message", "ping", "something-new"])
def test_keep_alives_and_unknown_kinds_are_dropped(kind: str) -> None:
    assert on_feed_message(kind, "{}", "3") is None


def test_data_that_is_not_an_object_is_passed_on_empty() -> None:
    assert on_feed_message("referral", "not json", "5") == LiveEvent("referral", {}, "5")
    assert on_feed_message("referral", "[1, 2]", "6") == LiveEvent("referral", {}, "6")


def test_a_message_without_an_id_is_passed_on_without_one() -> None:
    assert on_feed_message("referral", "{}", "") == LiveEvent("referral", {}, None)
