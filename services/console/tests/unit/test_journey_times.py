"""Contacts, appointments and the timeline in UK time."""

from __future__ import annotations

from linkwork_console.domain.journey_times import (
    appointments_of,
    contacts_of,
    local_time,
    minutes,
    timeline_of,
)


def test_a_moment_is_read_in_uk_time_winter_and_summer() -> None:
    assert local_time("2026-12-10T10:30:00Z") == "Thursday 10 December 2026 at 10:30am"
    assert local_time("2026-07-10T09:00:00+00:00") == "Friday 10 July 2026 at 10am"
    assert local_time("2026-07-10T13:05:00Z", weekday=False) == "10 July 2026 at 2:05pm"
    assert local_time(None) == ""


def test_booked_appointments_come_first_soonest_first() -> None:
    shown = appointments_of(
        {
            "appointments": [
                {
                    "appointment_id": "a",
                    "scheduled_for": "2026-12-01T10:00:00Z",
                    "mode": "phone",
                    "status": "held",
                },
                {
                    "appointment_id": "b",
                    "scheduled_for": "2026-12-20T10:00:00Z",
                    "mode": "group",
                    "status": "scheduled",
                    "location": "Church hall",
                },
                {
                    "appointment_id": "c",
                    "scheduled_for": "2026-12-10T10:00:00Z",
                    "mode": "face_to_face",
                    "status": "scheduled",
                    "duration_minutes": 45,
                },
                {
                    "appointment_id": "d",
                    "scheduled_for": "2026-12-11T10:00:00Z",
                    "mode": "video",
                    "status": "cancelled",
                    "cancellation_reason": "unwell",
                },
            ]
        }
    )
    assert [a.appointment_id for a in shown] == ["c", "b", "a", "d"]
    assert shown[0].duration == "45 minutes" and shown[0].mode == "Face to face"
    assert shown[1].location == "Church hall"
    assert shown[3].tag[0] == "Cancelled" and shown[3].cancellation_reason == "unwell"
    assert shown[2].tag[0] == "Held"


def test_contacts_are_newest_first_and_say_who_did_not_attend() -> None:
    shown = contacts_of(
        {
            "contacts": [
                {"occurred_on": "2026-12-01", "mode": "home_visit", "attended": True},
                {
                    "occurred_on": "2026-12-03",
                    "mode": "phone",
                    "attended": False,
                    "notes": "No answer",
                },
            ]
        }
    )
    assert [c.on for c in shown] == ["3 December 2026", "1 December 2026"]
    assert shown[0].attended is False and shown[0].mode == "Phone call"


def test_minutes_are_written_out() -> None:
    assert minutes(1) == "1 minute"
    assert minutes(60) == "60 minutes"
    assert minutes(None) == ""


def test_the_timeline_reads_newest_first() -> None:
    lines = timeline_of(
        [
            {
                "occurred_at": "2026-12-03T09:00:00Z",
                "text": "Referral received",
                "producer": "referral",
            },
            {
                "occurred_at": "2026-12-03T12:00:00Z",
                "text": "Linked to the walk",
                "producer": "directory",
            },
            {
                "occurred_at": "2026-12-03T10:00:00Z",
                "text": "Journey started",
                "producer": "journey",
            },
        ]
    )
    assert [line.text for line in lines] == [
        "Linked to the walk",
        "Journey started",
        "Referral received",
    ]
    assert lines[0].by == "Services"
