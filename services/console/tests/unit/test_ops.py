"""What ops see: envelopes, each service's dead letters, a replay's choice, failed deliveries."""

from __future__ import annotations

from linkwork_console.domain.forms import FieldError
from linkwork_console.domain.moments import long_datetime, utc_time
from linkwork_console.domain.ops import (
    EVENT_TYPES,
    envelope_of,
    failed_delivery,
    kept_detail,
    kept_message,
    kept_of,
    known_event_type,
    known_service,
    replay_choice,
)


def test_an_envelope_shows_its_time_in_utc_with_seconds() -> None:
    envelope = envelope_of(
        {
            "event_id": "e-1",
            "event_type": "ServiceLinked",
            "occurred_at": "2026-12-03T12:43:06.473000Z",
            "producer": "directory",
        }
    )
    assert envelope.occurred == "3 December 2026, 12:43:06 UTC"


def test_the_event_type_filter_knows_the_catalogue_and_nothing_else() -> None:
    assert "ReferralOutcomeReported" in EVENT_TYPES and "NotificationFailed" in EVENT_TYPES
    assert known_event_type("ServiceLinked") == "ServiceLinked"
    assert known_event_type("<script>") == ""


def test_a_service_that_did_not_answer_is_shown_as_such() -> None:
    assert not kept_of("journey", None).answered
    kept = kept_of(
        "referral",
        {
            "consumer": "referral",
            "topics": [
                {"topic": "gp.referrals", "dead_letter_topic": "gp.referrals.dlq", "kept": 2},
                {"topic": "journey.events", "dead_letter_topic": "journey.events.dlq", "kept": 1},
            ],
        },
    )
    assert kept.kept == 3 and kept.topics[0].href == "/ops/dead-letters/referral/gp.referrals"


def test_a_kept_message_says_what_went_wrong_in_words() -> None:
    message = kept_message(
        {
            "partition": 1,
            "offset": 2,
            "kind": "invalid_message",
            "where": "$",
            "reason": "not JSON",
            "replayed": True,
            "failed_at": "2026-12-03T13:09:33+00:00",
        }
    )
    assert (message.kind, message.position, message.replayed) == ("Could not be read", "1/2", True)
    assert (
        kept_message({"partition": 0, "offset": 0, "kind": "something_new"}).kind == "Something new"
    )


def test_a_message_shown_keeps_its_headers_in_order_and_says_if_it_is_base64() -> None:
    detail = kept_detail(
        {
            "partition": 0,
            "offset": 3,
            "headers": {"x-dlq-reason": "bad", "event_type": "X"},
            "content": "AAEC",
            "base64": True,
        }
    )
    assert detail.headers == [("event_type", "X"), ("x-dlq-reason", "bad")] and detail.base64


def test_a_replay_is_of_one_message_by_place_or_of_all() -> None:
    one = replay_choice("", "1", "2")
    every = replay_choice("true", "", "")
    assert not isinstance(one, FieldError) and one.body() == {
        "messages": [{"partition": 1, "offset": 2}]
    }
    assert not isinstance(every, FieldError) and every.body() == {"all": True}
    assert (one.done, every.done) == ("replayed-one", "replayed-all")


def test_a_replay_without_a_choice_is_refused() -> None:
    assert isinstance(replay_choice("", "x", ""), FieldError)


def test_a_failed_delivery_says_why_and_how_often_it_was_tried() -> None:
    failed = failed_delivery(
        {
            "notification_id": "n-1",
            "channel": "email",
            "template": "referral_assigned",
            "recipient_id": "lw-brian",
            "failure_reason": "no email address on record for lw-brian",
            "attempts": [{"outcome": "x"}, {"outcome": "y"}],
        }
    )
    assert (failed.channel, failed.template, failed.attempts) == ("Email", "Referral assigned", 2)


def test_only_the_four_services_keep_dead_letters() -> None:
    assert known_service("notifications") and not known_service("console")


def test_staff_read_times_in_england_and_ops_in_utc() -> None:
    assert long_datetime("2026-07-03T12:43:06Z") == "3 July 2026 at 13:43"
    assert utc_time("2026-07-03T12:43:06Z") == "3 July 2026, 12:43:06 UTC"
