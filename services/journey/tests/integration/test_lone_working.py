"""Lone working and safeguarding against the real broker and database: a home visit checked
in and out publishes both and raises nothing; one not checked out by its grace period raises
LoneWorkerOverdue exactly once, across a restart, and a late check-out says she is safe;
visits that cannot be checked in are refused; a safeguarding flag raises
SafeguardingConcernRaised, naming the flag, and another kind does not."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from linkwork_devstack.testing import bearer, read_all, running
from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.envelope import Event
from linkwork_schemas.journey import (
    LoneWorkerCheckedIn,
    LoneWorkerCheckedOut,
    LoneWorkerOverdue,
    SafeguardingConcernRaised,
)

from .test_appointments import journey_events
from .test_full_journey import amina, start_journey


def today() -> date:
    """Today as the service will read it: asked at each use, so a run across midnight (UTC)
    does not send yesterday's date as today's."""
    return datetime.now(UTC).date()


def quick(settings: Settings) -> Settings:
    """Half a second's grace, looked at five times a second."""
    return settings.model_copy(
        update={"lone_working_grace_minutes": 0.5 / 60, "lone_working_check_seconds": 0.2}
    )


async def book(
    client: httpx.AsyncClient, jid: str, me: dict[str, str], mode: str = "home_visit"
) -> str:
    when = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    booked = await client.post(
        f"/journeys/{jid}/appointments",
        headers=me,
        json={"scheduled_for": when, "mode": mode, "duration_minutes": 45},
    )
    assert booked.status_code == 201, booked.text
    appointment_id: str = booked.json()["appointment_id"]
    return appointment_id


async def all_events(settings: Settings) -> list[tuple[bytes | None, Event]]:
    topic = settings.topic(topics.JOURNEY_EVENTS)
    records = await read_all(settings.kafka_bootstrap_servers, topic)
    return [(r.key, parse_event(r.value)) for r in records]


def of(events: list[tuple[bytes | None, Event]], cls: type[Event]) -> list[Any]:
    return [e.payload for _, e in events if isinstance(e, cls)]


async def test_a_visit_checked_in_and_out_in_time_raises_nothing(settings: Settings) -> None:
    fast, me = quick(settings), amina(settings)
    async with running(create_app(fast)) as client:
        jid = (await start_journey(client, fast))["journey_id"]
        appointment_id = await book(client, jid, me)
        base = f"/journeys/{jid}/appointments/{appointment_id}"
        end = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=5)
        checked_in = await client.post(
            f"{base}/check-in", headers=me, json={"expected_end": end.isoformat()}
        )
        shown = (await client.get(f"/journeys/{jid}", headers=me)).json()["appointments"]
        checked_out = await client.post(f"{base}/check-out", headers=me, json={})
        # Past the expected end and its grace, and a few passes of the timer: nothing is raised.
        await asyncio.sleep((end - datetime.now(UTC)).total_seconds() + 1.5)
        twice = await client.post(f"{base}/check-out", headers=me, json={})
        timeline = (await client.get(f"/journeys/{jid}/timeline", headers=me)).json()
        records = await journey_events(fast, "LoneWorkerCheckedOut")

    assert checked_in.status_code == 200, checked_in.text
    assert datetime.fromisoformat(checked_in.json()["expected_end"]) == end
    (visit,) = [a["lone_working"] for a in shown if a["appointment_id"] == appointment_id]
    assert visit["status"] == "in"
    assert checked_out.status_code == 200, checked_out.text
    assert checked_out.json()["late"] is False
    assert twice.status_code == 409
    assert twice.json()["detail"]["error"] == "not_checked_in"
    texts = [e["text"] for e in timeline["entries"]]
    assert f"Checked in to the visit, expected out by {end:%Y-%m-%d %H:%M} UTC" in texts
    assert "Checked out of the visit" in texts
    events = [parse_event(r.value) for r in records]
    kinds = [e.event_type for e in events if e.aggregate_id == jid]
    assert "LoneWorkerOverdue" not in kinds
    assert [k for k in kinds if k.startswith("LoneWorker")] == [
        "LoneWorkerCheckedIn",
        "LoneWorkerCheckedOut",
    ]


async def test_no_check_out_raises_one_alert_across_a_restart_and_a_late_one_ends_it(
    settings: Settings,
) -> None:
    fast, me = quick(settings), amina(settings)
    async with running(create_app(fast)) as client:
        jid = (await start_journey(client, fast))["journey_id"]
        appointment_id = await book(client, jid, me)
        base = f"/journeys/{jid}/appointments/{appointment_id}"
        end = datetime.now(UTC) + timedelta(seconds=3)
        checked_in = await client.post(
            f"{base}/check-in", headers=me, json={"expected_end": end.isoformat()}
        )
    # The service is down when the visit should end, and starts again after its grace.
    await asyncio.sleep(max(0.0, (end - datetime.now(UTC)).total_seconds()) + 1.0)
    async with running(create_app(fast)) as client:
        overdue = await journey_events(fast, "LoneWorkerOverdue")
        await asyncio.sleep(1.0)  # more passes of the timer, which must not raise it again
    async with running(create_app(fast)) as client:
        await asyncio.sleep(1.0)  # and another start
        shown = (await client.get(f"/journeys/{jid}", headers=me)).json()["appointments"]
        late = await client.post(f"{base}/check-out", headers=me, json={})
        timeline = (await client.get(f"/journeys/{jid}/timeline", headers=me)).json()
        # Published by the relay after the commit: read once it is on the topic.
        await journey_events(fast, "LoneWorkerCheckedOut")
    events = [(k, e) for k, e in await all_events(fast) if e.aggregate_id == jid]

    assert checked_in.status_code == 200, checked_in.text
    assert any(parse_event(r.value).aggregate_id == jid for r in overdue)
    (raised,) = of(events, LoneWorkerOverdue)  # exactly one, whatever the restarts
    assert raised.appointment_id == appointment_id
    assert (raised.link_worker_id, raised.team_id) == ("lw-amina", "leeds-north")
    assert raised.overdue_since == raised.expected_end + timedelta(seconds=0.5)
    (visit,) = [a["lone_working"] for a in shown if a["appointment_id"] == appointment_id]
    assert visit["status"] == "overdue"
    assert late.status_code == 200, late.text
    assert late.json()["late"] is True
    (out,) = of(events, LoneWorkerCheckedOut)
    assert out.late is True and out.checked_out_by == "lw-amina"
    assert [k for k, _ in events if k is not None] == [jid.encode()] * len(events)
    texts = [e["text"] for e in timeline["entries"]]
    assert any(t.startswith("Not checked out by ") for t in texts)
    assert "Checked out of the visit, after the alert: safe" in texts


async def test_visits_that_cannot_be_checked_in_are_refused(settings: Settings) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]
        phone = await book(client, jid, me, "phone")
        visit = await book(client, jid, me)

        async def post(appointment_id: str, step: str, body: Any = None, who: Any = me) -> Any:
            url = f"/journeys/{jid}/appointments/{appointment_id}/{step}"
            return await client.post(url, headers=who, json=body or {})

        by_phone = await post(phone, "check-in")
        out_first = await post(visit, "check-out")
        past = await post(visit, "check-in", {"expected_end": datetime.now(UTC).isoformat()})
        stranger = await post(visit, "check-in", who=bearer(settings, "lw-brian", "link_worker"))
        unknown = await post("apt-nope", "check-in")
        first = await post(visit, "check-in")
        again = await post(visit, "check-in")

    assert (by_phone.status_code, by_phone.json()["detail"]["where"]) == (422, "mode")
    assert out_first.status_code == 409
    assert (past.status_code, past.json()["detail"]["where"]) == (422, "expected_end")
    assert stranger.status_code == 404
    assert unknown.status_code == 404
    assert first.status_code == 200, first.text
    expected = datetime.fromisoformat(first.json()["expected_end"])
    checked_in_at = datetime.fromisoformat(first.json()["checked_in_at"])
    assert expected - checked_in_at == timedelta(minutes=45)  # the appointment's length
    assert again.status_code == 409
    assert again.json()["detail"]["error"] == "already_checked_in"


async def test_a_safeguarding_flag_raises_a_concern_and_another_kind_does_not(
    settings: Settings,
) -> None:
    me = amina(settings)
    async with running(create_app(settings)) as client:
        jid = (await start_journey(client, settings))["journey_id"]

        async def raise_flag(kind: str) -> Any:
            body = {"kind": kind, "description": "x", "review_on": str(today())}
            return await client.post(f"/journeys/{jid}/risk-flags", headers=me, json=body)

        other = await raise_flag("lone_working")
        concern = await raise_flag("safeguarding")
        await journey_events(settings, "SafeguardingConcernRaised")
        timeline = (await client.get(f"/journeys/{jid}/timeline", headers=me)).json()
    events = [(k, e) for k, e in await all_events(settings) if e.aggregate_id == jid]

    assert other.status_code == concern.status_code == 201
    (raised,) = of(events, SafeguardingConcernRaised)
    assert raised.concern_id == concern.json()["flag_id"]
    assert (raised.team_id, raised.link_worker_id, raised.raised_by) == (
        "leeds-north",
        "lw-amina",
        "lw-amina",
    )
    assert of(events, LoneWorkerCheckedIn) == []
    assert "Safeguarding concern raised: the team's safeguarding leads and managers are told" in [
        e["text"] for e in timeline["entries"]
    ]
