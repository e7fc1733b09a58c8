"""Appointment rules on their own: what may be booked, which appointment may change, which are
still ahead when a journey closes, and how they read on the timeline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from linkwork_journey.domain.appointments import (
    AppointmentNotScheduled,
    AppointmentRefused,
    AppointmentStatus,
    ensure_bookable,
    scheduled,
    still_ahead,
    with_status,
)
from linkwork_journey.domain.timeline import describe
from linkwork_schemas.journey import (
    ContactCancelled,
    ContactCancelledPayload,
    ContactMode,
    ContactScheduled,
    ContactScheduledPayload,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BST = timezone(timedelta(hours=1))


def appointment(appointment_id: str, hours: float, status: str = "scheduled") -> dict[str, Any]:
    return {
        "appointment_id": appointment_id,
        "scheduled_for": NOW + timedelta(hours=hours),
        "status": status,
    }


JOURNEY = {
    "_id": "j-1",
    "appointments": [
        appointment("past", -2),
        appointment("soon", 1),
        appointment("later", 24 * 7),
        appointment("off", 5, "cancelled"),
        appointment("kept", 3, "held"),
    ],
}


@pytest.mark.parametrize(
    ("when", "mode", "location", "refusal"),
    [
        (
            NOW - timedelta(minutes=1),
            ContactMode.PHONE,
            None,
            "scheduled_for: .* not in the future",
        ),
        (NOW, ContactMode.PHONE, None, "scheduled_for: .* not in the future"),
        (NOW + timedelta(days=367), ContactMode.PHONE, None, "more than a year ahead"),
        (NOW + timedelta(hours=1), ContactMode.HOME_VISIT, "14 Cardigan Road", "location: "),
        (NOW + timedelta(hours=1), ContactMode.PHONE, "Room 2", "location: a phone contact"),
    ],
)
def test_a_booking_that_cannot_be_made_names_the_field(
    when: datetime, mode: ContactMode, location: str | None, refusal: str
) -> None:
    with pytest.raises(AppointmentRefused, match=refusal):
        ensure_bookable(when, mode, location, NOW)


@pytest.mark.parametrize(
    ("when", "mode", "location"),
    [
        (NOW + timedelta(seconds=1), ContactMode.PHONE, None),
        (NOW + timedelta(days=365), ContactMode.VIDEO, None),
        (NOW + timedelta(days=1), ContactMode.FACE_TO_FACE, "Hyde Park Surgery, room 2"),
        (NOW + timedelta(days=1), ContactMode.GROUP, "Burley Library"),
    ],
)
def test_a_booking_ahead_within_a_year_is_accepted(
    when: datetime, mode: ContactMode, location: str | None
) -> None:
    ensure_bookable(when, mode, location, NOW)


def test_only_a_scheduled_appointment_can_change() -> None:
    assert scheduled(JOURNEY, "soon")["appointment_id"] == "soon"
    with pytest.raises(AppointmentNotScheduled, match="off is cancelled"):
        scheduled(JOURNEY, "off")
    with pytest.raises(AppointmentNotScheduled, match="kept is held"):
        scheduled(JOURNEY, "kept")
    with pytest.raises(LookupError, match="no appointment 'nope'"):
        scheduled(JOURNEY, "nope")


def test_closing_calls_off_only_the_scheduled_appointments_not_yet_started() -> None:
    assert [a["appointment_id"] for a in still_ahead(JOURNEY, NOW)] == ["soon", "later"]
    assert still_ahead({"_id": "j-2"}, NOW) == []


def test_a_status_change_touches_only_the_named_appointments() -> None:
    after = with_status(JOURNEY, ["soon"], AppointmentStatus.HELD, contact_id="c-1")
    assert [(a["appointment_id"], a["status"]) for a in after] == [
        ("past", "scheduled"),
        ("soon", "held"),
        ("later", "scheduled"),
        ("off", "cancelled"),
        ("kept", "held"),
    ]
    assert after[1]["contact_id"] == "c-1"
    assert JOURNEY["appointments"][1]["status"] == "scheduled"  # the journey is not mutated


def test_appointments_read_on_the_timeline_with_their_time_in_utc() -> None:
    common = {"journey_id": "j-1", "referral_id": "r-1", "appointment_id": "a-1"}
    booked = ContactScheduled.build(
        aggregate_id="j-1",
        producer="journey",
        payload=ContactScheduledPayload(
            **common,
            scheduled_for=datetime(2026, 7, 1, 11, 30, tzinfo=BST),
            mode=ContactMode.HOME_VISIT,
            link_worker_id="lw-amina",
            scheduled_by="lw-amina",
        ),
    )
    cancelled = ContactCancelled.build(
        aggregate_id="j-1",
        producer="journey",
        payload=ContactCancelledPayload(
            **common,
            scheduled_for=datetime(2026, 7, 1, 10, 30, tzinfo=UTC),
            reason="journey closed",
            cancelled_by="lw-amina",
        ),
    )
    assert describe(booked) == "Contact (home visit) booked for 2026-07-01 10:30 UTC"
    assert describe(cancelled) == "Contact on 2026-07-01 10:30 UTC cancelled: journey closed"
