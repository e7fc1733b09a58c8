"""Appointments against the real broker and database: a link worker (or their manager) books a
contact ahead and calls it off over HTTP, each published on journey.events keyed by the
journey; bookings in the past, too far ahead or by anyone else are refused; a contact logged
against an appointment marks it held; closing the journey calls off those still ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx

from linkwork_devstack.testing import Record, bearer, read_topic, running
from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.journey import ContactCancelled, ContactScheduled

from .test_full_journey import amina, start_journey


def ahead(**delta: float) -> str:
    return (datetime.now(UTC) + timedelta(**delta)).isoformat()


async def journey_events(settings: Settings, last_type: str, count: int = 1) -> list[Record]:
    def enough(records: list[Record]) -> bool:
        return sum(r.headers["event_type"] == last_type for r in records) >= count

    return await read_topic(
        settings.kafka_bootstrap_servers, settings.topic(topics.JOURNEY_EVENTS), until=enough
    )


async def test_a_contact_is_booked_and_called_off_over_http_and_both_are_published(
    settings: Settings,
) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]
        base = f"/journeys/{jid}/appointments"
        when = datetime.now(UTC).replace(microsecond=0) + timedelta(days=3)
        booked = await client.post(
            base,
            headers=me,
            json={
                "scheduled_for": when.astimezone(timezone(timedelta(hours=1))).isoformat(),
                "mode": "face_to_face",
                "duration_minutes": 45,
                "location": "Hyde Park Surgery, room 2",
            },
        )
        appointment_id = booked.json()["appointment_id"]
        shown = (await client.get(f"/journeys/{jid}", headers=me)).json()["appointments"]
        cancelled = await client.post(
            f"{base}/{appointment_id}/cancel", headers=me, json={"reason": "She is in hospital"}
        )
        again = await client.post(
            f"{base}/{appointment_id}/cancel", headers=me, json={"reason": "twice"}
        )
        unknown = await client.post(f"{base}/apt-nope/cancel", headers=me, json={"reason": "x"})
        after = (await client.get(f"/journeys/{jid}", headers=me)).json()["appointments"]
        timeline = (await client.get(f"/journeys/{jid}/timeline", headers=me)).json()
        records = await journey_events(settings, "ContactCancelled")

    assert booked.status_code == 201, booked.text
    assert booked.json()["event_type"] == "ContactScheduled"
    assert datetime.fromisoformat(booked.json()["scheduled_for"]) == when
    assert [(a["appointment_id"], a["status"], a["mode"]) for a in shown] == [
        (appointment_id, "scheduled", "face_to_face")
    ]
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["event_type"] == "ContactCancelled"
    assert again.status_code == 409
    assert again.json()["detail"]["error"] == "appointment_not_scheduled"
    assert unknown.status_code == 404
    (appointment,) = after
    assert appointment["status"] == "cancelled"
    assert appointment["cancellation_reason"] == "She is in hospital"
    texts = [e["text"] for e in timeline["entries"]]
    assert f"Contact (face to face) booked for {when:%Y-%m-%d %H:%M} UTC" in texts
    assert f"Contact on {when:%Y-%m-%d %H:%M} UTC cancelled: She is in hospital" in texts

    events = [(r.key, parse_event(r.value)) for r in records]
    scheduled = [(k, e) for k, e in events if isinstance(e, ContactScheduled)]
    called_off = [(k, e) for k, e in events if isinstance(e, ContactCancelled)]
    assert [(k, e.payload.appointment_id) for k, e in scheduled] == [(jid.encode(), appointment_id)]
    (_, event) = scheduled[0]
    assert event.payload.link_worker_id == "lw-amina"
    assert event.payload.scheduled_for == when
    assert event.payload.location == "Hyde Park Surgery, room 2"
    assert [(k, e.payload.reason, e.payload.cancelled_by) for k, e in called_off] == [
        (jid.encode(), "She is in hospital", "lw-amina")
    ]


async def test_bookings_in_the_past_too_far_ahead_or_by_someone_else_are_refused(
    settings: Settings,
) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]
        base = f"/journeys/{jid}/appointments"

        async def book(body: dict[str, Any], headers: dict[str, str] = me) -> httpx.Response:
            return await client.post(base, headers=headers, json={"mode": "phone", **body})

        past = await book({"scheduled_for": ahead(minutes=-5)})
        far = await book({"scheduled_for": ahead(days=400)})
        naive = await book({"scheduled_for": "2030-01-01T10:00:00"})
        placed_phone = await book({"scheduled_for": ahead(days=1), "location": "Room 2"})
        stranger = await book(
            {"scheduled_for": ahead(days=1)}, bearer(settings, "lw-brian", "link_worker")
        )
        manager = await book(
            {"scheduled_for": ahead(days=1)},
            bearer(settings, "mgr-leeds", "manager", team_id="leeds-north"),
        )
        shown = (await client.get(f"/journeys/{jid}", headers=me)).json()["appointments"]

    assert past.status_code == 422
    assert past.json()["detail"]["message"].startswith("scheduled_for: ")
    assert "not in the future" in past.json()["detail"]["message"]
    assert far.status_code == 422
    assert "more than a year ahead" in far.json()["detail"]["message"]
    assert naive.status_code == 422
    assert naive.json()["detail"][0]["loc"] == ["body", "scheduled_for"]
    assert placed_phone.status_code == 422
    assert placed_phone.json()["detail"]["message"].startswith("location: ")
    assert stranger.status_code == 404
    assert manager.status_code == 201, manager.text
    assert manager.json()["scheduled_by"] == "mgr-leeds"
    assert manager.json()["link_worker_id"] == "lw-amina"  # the journey's link worker
    assert [a["scheduled_by"] for a in shown] == ["mgr-leeds"]


async def test_a_contact_logged_against_an_appointment_marks_it_held(settings: Settings) -> None:
    me = amina(settings)
    today = str(datetime.now(UTC).date())
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]
        base = f"/journeys/{jid}"
        booked = await client.post(
            f"{base}/appointments",
            headers=me,
            json={"scheduled_for": ahead(hours=2), "mode": "phone"},
        )
        appointment_id = booked.json()["appointment_id"]
        contact = {"mode": "phone", "occurred_on": today, "appointment_id": appointment_id}
        logged = await client.post(f"{base}/contacts", headers=me, json=contact)
        twice = await client.post(f"{base}/contacts", headers=me, json=contact)
        cancel_held = await client.post(
            f"{base}/appointments/{appointment_id}/cancel", headers=me, json={"reason": "x"}
        )
        unknown = await client.post(
            f"{base}/contacts", headers=me, json={**contact, "appointment_id": "apt-nope"}
        )
        journey = (await client.get(base, headers=me)).json()
        second = await client.post(
            f"{base}/appointments",
            headers=me,
            json={"scheduled_for": ahead(hours=3), "mode": "phone"},
        )
        not_there = {**contact, "appointment_id": second.json()["appointment_id"]}
        dna = await client.post(
            f"{base}/contacts", headers=me, json=not_there | {"attended": False}
        )
        after_dna = (await client.get(base, headers=me)).json()

    assert logged.status_code == 201, logged.text
    assert dna.status_code == 201, dna.text
    assert [a["status"] for a in after_dna["appointments"]] == ["held", "missed"]
    assert logged.json()["appointment_id"] == appointment_id
    assert twice.status_code == 409
    assert cancel_held.status_code == 409
    assert unknown.status_code == 404
    (appointment,) = journey["appointments"]
    assert appointment["status"] == "held"
    assert appointment["contact_id"] == logged.json()["contact_id"]
    assert len(journey["contacts"]) == 1  # the refused ones left nothing behind


async def test_closing_the_journey_calls_off_the_appointments_still_ahead(
    settings: Settings,
) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]
        base = f"/journeys/{jid}"

        async def book(days: int) -> str:
            body = {"scheduled_for": ahead(days=days), "mode": "video"}
            response = await client.post(f"{base}/appointments", headers=me, json=body)
            assert response.status_code == 201, response.text
            appointment_id: str = response.json()["appointment_id"]
            return appointment_id

        first, second, called_off = await book(2), await book(9), await book(5)
        await client.post(
            f"{base}/appointments/{called_off}/cancel", headers=me, json={"reason": "clash"}
        )
        closed = await client.post(f"{base}/close", headers=me, json={"reason": "moved_away"})
        late = await client.post(
            f"{base}/appointments",
            headers=me,
            json={"scheduled_for": ahead(days=1), "mode": "phone"},
        )
        journey = (await client.get(base, headers=me)).json()
        records = await journey_events(settings, "JourneyClosed")

    assert closed.status_code == 200, closed.text
    assert late.status_code == 409
    assert late.json()["detail"]["error"] == "journey_closed"
    statuses = {a["appointment_id"]: a["cancellation_reason"] for a in journey["appointments"]}
    assert statuses == {first: "journey closed", second: "journey closed", called_off: "clash"}
    assert {a["status"] for a in journey["appointments"]} == {"cancelled"}

    mine = [parse_event(r.value) for r in records if r.key == jid.encode()]
    order = [
        (e.event_type, getattr(e.payload, "appointment_id", None), e.payload.reason)
        for e in mine
        if e.event_type in ("ContactCancelled", "JourneyClosed")
    ]
    assert order == [
        ("ContactCancelled", called_off, "clash"),
        ("ContactCancelled", first, "journey closed"),
        ("ContactCancelled", second, "journey closed"),
        ("JourneyClosed", None, "moved_away"),
    ]
