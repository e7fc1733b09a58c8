"""The safety alerts against the real broker, database and SMTP server: a safeguarding concern
reaches its team's lead's live feed within seconds (and by e-mail, whatever the hour), is
acknowledged once, and, left unacknowledged, escalates to every manager once, across a
restart; a concern redelivered or published again alerts nobody again; one of no team reaches
every team's leads and managers, and any of them acknowledges it; a lone worker overdue alerts
every manager, and a late check-out closes the alert."""

from __future__ import annotations

import time
import uuid
from datetime import time as clock
from typing import Any

import httpx

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, read_topic, running
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_schemas import Event, parse_event, topics

from ..safety import Visit, concern_raised
from .test_stream import Stream

TEAM = "leeds-north"
LEAD_MAIL, MANAGER_MAIL, SECOND_MAIL = "sam.lead@nhs.net", "team.lead@nhs.net", "ali@nhs.net"
# Quiet hours all day long: the alerts must go out all the same.
ALL_DAY = {"quiet_hours_start": clock(0, 0), "quiet_hours_end": clock(23, 59, 59)}


def manager(settings: Settings, sub: str = "mgr-leeds") -> dict[str, str]:
    return bearer(settings, sub, "manager", team_id=TEAM)


def lead(settings: Settings) -> dict[str, str]:
    return bearer(settings, "lw-sam", "link_worker", team_id=TEAM)


async def the_team(client: httpx.AsyncClient, settings: Settings, url: str = "") -> None:
    """Sam, the team's safeguarding lead, and its two managers on record."""
    staff = {
        "lw-sam": {"email": LEAD_MAIL, "role": "link_worker", "safeguarding_lead": True},
        "mgr-leeds": {"email": MANAGER_MAIL, "role": "manager"},
        "mgr-ali": {"email": SECOND_MAIL, "role": "manager"},
    }
    for recipient_id, details in staff.items():
        answer = await client.put(
            f"{url}/recipients/{recipient_id}",
            json=details | {"team_id": TEAM},
            headers=manager(settings),
        )
        assert answer.status_code == 200, answer.text


async def notification_events(settings: Settings, count: int) -> list[Event]:
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.NOTIFICATION_EVENTS),
        until=lambda r: len(r) >= count,
        timeout=20,
    )
    return [parse_event(r.value) for r in records]


async def mails(server: Any, *addresses: str) -> list[int]:
    """How many e-mails each address has had (a probe for `eventually`)."""
    return [len(server.to(address)) for address in addresses]


def of_type(events: list[Event], event_type: str) -> list[Event]:
    return [e for e in events if e.event_type == event_type]


async def test_a_safeguarding_concern_reaches_the_leads_live_feed_within_two_seconds(
    settings: Settings, live, mail_server
) -> None:
    settings = settings.model_copy(update=ALL_DAY)
    warm_up = Story(link_worker="lw-sam")
    raised = concern_raised(Story())
    concern_id = raised.payload.concern_id
    async with live(create_app(settings)) as url, httpx.AsyncClient(timeout=30) as client:
        await the_team(client, settings, url)
        # The consumer is up and reading before the clock starts.
        await publish_events(settings, warm_up.assigned())
        await eventually(
            lambda: client.get(f"{url}/notifications", headers=lead(settings)),
            lambda r: r.json()["total"] >= 1,
        )
        async with client.stream("GET", f"{url}/stream", headers=lead(settings)) as response:
            stream = Stream(response)
            await stream.opened()
            started = time.monotonic()
            await publish_events(settings, raised)
            arrived: list[dict[str, Any]] = []
            while not any(m["event"] == "notification" for m in arrived):
                arrived += await stream.next(1, timeout=15)
                if time.monotonic() - started > 15:
                    break
            took = time.monotonic() - started
        print(f"\nsafeguarding concern to the lead's live feed: {took:.3f} s")
        await eventually(lambda: mails(mail_server, LEAD_MAIL, SECOND_MAIL), all)
        team_inbox = await client.get(f"{url}/notifications", headers=manager(settings))
        acknowledged = await client.post(
            f"{url}/safeguarding-concerns/{concern_id}/acknowledge", headers=lead(settings)
        )
        again = await client.post(
            f"{url}/safeguarding-concerns/{concern_id}/acknowledge", headers=manager(settings)
        )
        listed = await client.get(
            f"{url}/safeguarding-concerns?status=acknowledged", headers=manager(settings)
        )
        still_open = await client.get(
            f"{url}/safeguarding-concerns?status=open", headers=lead(settings)
        )
        published = await notification_events(settings, 1)

    (note,) = [m["data"] for m in arrived if m["event"] == "notification"]
    assert note["template"] == "safeguarding_concern_raised"
    assert (note["concern_id"], note["journey_id"], note["urgent"]) == (
        concern_id,
        raised.payload.journey_id,
        True,
    )
    assert took < 2.0, f"the lead's live feed had it after {took:.3f} s"
    (mail,) = [m for m in mail_server.to(LEAD_MAIL) if m["Subject"] == note["title"]]
    assert f"/journeys/{raised.payload.journey_id}" in mail.get_content()
    assert len(mail_server.to(MANAGER_MAIL)) == len(mail_server.to(SECOND_MAIL)) == 1
    team_notes = [n for n in team_inbox.json()["items"] if n["concern_id"] == concern_id]
    assert [n["recipient_id"] for n in team_notes] == [f"team:{TEAM}"]
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json()["acknowledged_by"] == "lw-sam"
    assert again.status_code == 409
    assert again.json()["detail"]["error"] == "already_acknowledged"
    assert again.json()["detail"]["message"].startswith("already acknowledged by lw-sam at ")
    (item,) = listed.json()["items"]
    assert (item["concern_id"], item["status"], item["acknowledged_by"]) == (
        concern_id,
        "acknowledged",
        "lw-sam",
    )
    assert still_open.json()["items"] == []
    (event,) = of_type(published, "SafeguardingConcernAcknowledged")
    assert event.payload.concern_id == concern_id


async def test_an_unacknowledged_concern_escalates_once_to_every_manager_across_restarts(
    settings: Settings, mail_server
) -> None:
    # Five seconds to acknowledge: room to act and to restart within a test.
    settings = settings.model_copy(
        update={"safeguarding_escalate_hours": 5 / 3600, "safeguarding_check_seconds": 0.2}
    )
    left, answered = concern_raised(Story()), concern_raised(Story())
    mgr = manager(settings)

    async def listed(client: httpx.AsyncClient, status: str) -> set[str]:
        answer = await client.get(f"/safeguarding-concerns?status={status}", headers=mgr)
        return {item["concern_id"] for item in answer.json()["items"]}

    async with running(create_app(settings)) as client:
        await the_team(client, settings)
        await publish_events(settings, left, answered)
        await eventually(lambda: listed(client, "open"), lambda found: len(found) == 2)
        ack = f"/safeguarding-concerns/{answered.payload.concern_id}/acknowledge"
        acknowledged = await client.post(ack, headers=lead(settings))
        await eventually(lambda: listed(client, "escalated"), bool, timeout=30)
        # Raised just before a stop: its escalation falls to the next start.
        between = concern_raised(Story())
        await publish_events(settings, between)
        await eventually(lambda: listed(client, "open"), lambda found: len(found) == 1)
    async with running(create_app(settings)) as client:
        escalated = await eventually(
            lambda: listed(client, "escalated"), lambda found: len(found) == 2, timeout=30
        )
    async with running(create_app(settings)) as client:  # and once more, with time to act
        await eventually(lambda: listed(client, "open"), bool, timeout=3)
        managers_inbox = await client.get("/notifications", headers=mgr)
        published = await notification_events(settings, 3)
        answered_now = await listed(client, "acknowledged")
        # Three concerns raised and two escalated: five e-mails to each manager, no more.
        await eventually(lambda: mails(mail_server, SECOND_MAIL), lambda n: n[0] >= 5, timeout=15)

    assert acknowledged.status_code == 200, acknowledged.text
    ids = {left.payload.concern_id, between.payload.concern_id}
    assert escalated == ids
    escalations = of_type(published, "SafeguardingConcernEscalated")
    assert sorted(e.payload.concern_id for e in escalations) == sorted(ids)
    assert answered_now == {answered.payload.concern_id}
    notes = [n for n in managers_inbox.json()["items"] if n["template"].endswith("_escalated")]
    # The team inbox and mgr-leeds's own, once for each concern.
    assert sorted((n["concern_id"], n["recipient_id"]) for n in notes) == sorted(
        (concern_id, inbox) for concern_id in ids for inbox in ("mgr-leeds", f"team:{TEAM}")
    )
    subjects = [m["Subject"] for m in mail_server.to(SECOND_MAIL)]
    assert len(subjects) == 5
    assert sum("not acknowledged" in s for s in subjects) == 2  # one each, never again


async def test_a_concern_redelivered_or_published_again_alerts_nobody_again(
    settings: Settings, mail_server
) -> None:
    settings = settings.model_copy(update=ALL_DAY)
    story = Story()
    raised = concern_raised(story)
    republished = raised.model_copy(update={"event_id": uuid.uuid4()})  # a replay's copy
    # Another concern on the same journey: the same key, so consumed after the copies.
    after = concern_raised(story)
    async with running(create_app(settings)) as client:
        await the_team(client, settings)
        await publish_events(settings, raised, raised, republished, after)
        leads_inbox = await eventually(
            lambda: client.get("/notifications", headers=lead(settings)),
            lambda r: after.payload.concern_id in r.text,
        )
        teams_inbox = await client.get("/notifications", headers=manager(settings))
        concerns = await client.get("/safeguarding-concerns", headers=lead(settings))
        await eventually(lambda: mails(mail_server, LEAD_MAIL, SECOND_MAIL), lambda n: min(n) >= 2)
        consumed = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.JOURNEY_EVENTS),
            until=lambda r: len(r) >= 4,
        )

    assert len(consumed) == 4  # all four were on the topic
    concern_id = raised.payload.concern_id
    for inbox in (leads_inbox, teams_inbox):
        told = [n["concern_id"] for n in inbox.json()["items"]]
        assert sorted(told) == sorted([concern_id, after.payload.concern_id]), told
    # One e-mail per concern to each, never a second for the one raised three times.
    assert len(mail_server.to(LEAD_MAIL)) == len(mail_server.to(SECOND_MAIL)) == 2
    assert sorted(c["concern_id"] for c in concerns.json()["items"]) == sorted(
        [concern_id, after.payload.concern_id]
    )


async def test_a_concern_of_no_team_reaches_every_teams_leads_and_managers_who_acknowledge_it(
    settings: Settings, mail_server
) -> None:
    settings = settings.model_copy(update=ALL_DAY)
    york = bearer(settings, "mgr-york", "manager", team_id="york")
    raised = concern_raised(Story(team=None), team_id=None)
    concern_id = raised.payload.concern_id
    async with running(create_app(settings)) as client:
        await the_team(client, settings)
        answer = await client.put(
            "/recipients/mgr-york",
            json={"email": "york.lead@nhs.net", "role": "manager", "team_id": "york"},
            headers=york,
        )
        assert answer.status_code == 200, answer.text
        await publish_events(settings, raised)
        yorks = await eventually(
            lambda: client.get("/notifications", headers=york), lambda r: concern_id in r.text
        )
        leads = await client.get("/notifications", headers=lead(settings))
        listed = await client.get("/safeguarding-concerns?status=open", headers=york)
        not_a_lead = await client.post(
            f"/safeguarding-concerns/{concern_id}/acknowledge",
            headers=bearer(settings, "lw-bob", "link_worker", team_id=TEAM),
        )
        acknowledged = await client.post(
            f"/safeguarding-concerns/{concern_id}/acknowledge", headers=york
        )
        again = await client.post(
            f"/safeguarding-concerns/{concern_id}/acknowledge", headers=lead(settings)
        )
        await eventually(
            lambda: mails(mail_server, LEAD_MAIL, MANAGER_MAIL, SECOND_MAIL, "york.lead@nhs.net"),
            all,
        )

    assert [(n["recipient_id"], n["urgent"]) for n in yorks.json()["items"]] == [("mgr-york", True)]
    assert [n["concern_id"] for n in leads.json()["items"]] == [concern_id]
    assert [c["concern_id"] for c in listed.json()["items"]] == [concern_id]
    assert not_a_lead.status_code == 404
    assert acknowledged.status_code == 200, acknowledged.text
    assert acknowledged.json()["acknowledged_by"] == "mgr-york"
    assert again.status_code == 409


async def test_a_lone_worker_overdue_alerts_every_manager_and_a_late_check_out_closes_it(
    settings: Settings, mail_server
) -> None:
    settings = settings.model_copy(update=ALL_DAY)
    visit = Visit(Story())
    overdue = visit.overdue()
    async with running(create_app(settings)) as client:
        await the_team(client, settings)
        await publish_events(settings, visit.checked_in(), overdue)
        alerted = await eventually(
            lambda: client.get("/notifications", headers=manager(settings)),
            lambda r: r.json()["total"] >= 2,
        )
        await publish_events(settings, visit.checked_out(late=True))
        after = await eventually(
            lambda: client.get("/notifications", headers=manager(settings)),
            lambda r: r.json()["total"] >= 4,
        )
        await eventually(lambda: mails(mail_server, SECOND_MAIL), lambda n: n[0] >= 2)

    assert {(n["template"], n["recipient_id"]) for n in alerted.json()["items"]} == {
        ("lone_worker_overdue", "mgr-leeds"),
        ("lone_worker_overdue", f"team:{TEAM}"),
    }
    assert alerted.json()["unread"] == 2
    by_template = {(n["template"], n["recipient_id"]): n for n in after.json()["items"]}
    assert by_template[("lone_worker_overdue", "mgr-leeds")]["resolved_at"] is not None
    assert by_template[("lone_worker_overdue", f"team:{TEAM}")]["read_at"] is not None
    assert by_template[("lone_worker_checked_out_late", "mgr-leeds")]["read_at"] is None
    assert after.json()["unread"] == 2  # the news that they are safe, in both inboxes
    subjects = sorted(m["Subject"] for m in mail_server.to(SECOND_MAIL))
    assert subjects == [
        "Urgent: lw-amina has not checked out of a lone visit",
        "lw-amina has checked out safely",
    ]
