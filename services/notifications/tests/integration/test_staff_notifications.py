"""Who hears what, against the real broker, database and SMTP server: the link worker, the
team's managers, the provider and the referring practice; each exactly once per channel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, read_topic, running
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_schemas import parse_event, topics
from linkwork_schemas.common import Coding, NeedDomain, Referrer, Urgency
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
    ServiceLinkExpired,
)
from linkwork_schemas.journey import Instrument, OutcomeFollowUpDue
from linkwork_schemas.referral import (
    OutcomeLine,
    ReferralAwaitingCapacity,
    ReferralContactOverdue,
    ReferralOutcomeReported,
)

AMINA_MAIL = "amina.khan@nhs.net"
MANAGER_MAIL = "team.lead@nhs.net"


def manager(settings: Settings) -> dict[str, str]:
    return bearer(settings, "mgr-leeds", "manager", team_id="leeds-north")


async def register(client: Any, settings: Settings, recipient_id: str, **details: Any) -> None:
    response = await client.put(
        f"/recipients/{recipient_id}", json=details, headers=manager(settings)
    )
    assert response.status_code == 200, response.text


async def inbox(client: Any, headers: dict[str, str], count: int) -> dict[str, Any]:
    response = await eventually(
        lambda: client.get("/notifications", headers=headers),
        lambda r: len(r.json()["items"]) >= count,
        timeout=30,
    )
    body: dict[str, Any] = response.json()
    return body


async def test_an_assigned_referral_reaches_its_link_worker_once_in_app_and_by_email(
    settings: Settings, mail_server
) -> None:
    case = Story()
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    async with running(create_app(settings)) as client:
        await register(
            client,
            settings,
            "lw-amina",
            email=AMINA_MAIL,
            role="link_worker",
            team_id="leeds-north",
        )
        assigned = case.assigned()
        await publish_events(
            settings, case.received(), assigned, assigned
        )  # the second is a redelivery
        body = await inbox(client, amina, 1)
        await eventually(lambda: mails(mail_server, AMINA_MAIL), bool)
        records = await read_topic(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.NOTIFICATION_EVENTS),
            until=lambda r: len(r) >= 2,
        )
        await publish_events(settings, assigned)  # and once more, after everything was sent
        note_id = body["items"][0]["notification_id"]
        bob = bearer(settings, "lw-bob", "link_worker", team_id="leeds-north")
        not_bobs = await client.post(f"/notifications/{note_id}/read", headers=bob)
        read = await client.post(f"/notifications/{note_id}/read", headers=amina)
        unread_after = await client.get("/notifications/unread-count", headers=amina)
        ops = bearer(settings, "ops-1", "ops")
        deliveries = await client.get(
            f"/deliveries?source_event_id={assigned.event_id}", headers=ops
        )

    assert body["unread"] == 1
    (note,) = body["items"]
    assert note["title"] == f"New referral on your caseload: {case.referral_id}"
    assert "2026-12-01" in note["body"]
    (mail,) = mail_server.to(AMINA_MAIL)
    assert mail["Subject"] == note["title"]
    assert "first contact with the person by 2026-12-01" in mail.get_content()
    sent = [parse_event(r.value) for r in records]
    assert sorted((e.event_type, e.payload.channel) for e in sent) == [
        ("NotificationSent", "email"),
        ("NotificationSent", "in_app"),
    ]
    assert {e.correlation_id for e in sent} == {assigned.correlation_id}
    assert sorted(d["channel"] for d in deliveries.json()["items"]) == ["email", "in_app"]
    assert len(mail_server.messages) == 1
    assert not_bobs.status_code == 404
    assert read.json()["read_at"] is not None
    assert unread_after.json() == {"unread": 0}


def waiting_on_the_team(case: Story) -> ReferralAwaitingCapacity:
    """An urgent referral from B86001 waiting for a place in leeds-north."""
    return case.build(
        ReferralAwaitingCapacity,
        referral_id=case.referral_id,
        practice_ods="B86001",
        team_id="leeds-north",
        urgency=Urgency.URGENT,
        waiting_since=datetime.now(UTC),
    )


async def test_waiting_and_overdue_referrals_reach_the_team_managers_and_the_link_worker(
    settings: Settings, mail_server
) -> None:
    case = Story()
    waiting = waiting_on_the_team(case)
    overdue = case.build(
        ReferralContactOverdue,
        referral_id=case.referral_id,
        link_worker_id="lw-amina",
        team_id="leeds-north",
        first_contact_due=date(2026, 12, 1),
    )
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    york = bearer(settings, "mgr-york", "manager", team_id="york")
    async with running(create_app(settings)) as client:
        await register(
            client, settings, "mgr-leeds", email=MANAGER_MAIL, role="manager", team_id="leeds-north"
        )
        await register(
            client,
            settings,
            "lw-amina",
            email=AMINA_MAIL,
            channels=["in_app"],
            team_id="leeds-north",
        )
        await publish_events(settings, waiting, overdue)
        team = await inbox(client, manager(settings), 2)
        mine = await inbox(client, amina, 1)
        other_team = (await client.get("/notifications", headers=york)).json()
        await eventually(lambda: mails(mail_server, MANAGER_MAIL), lambda m: len(m) >= 2)

    assert sorted(n["template"] for n in team["items"]) == [
        "referral_awaiting_capacity",
        "referral_contact_overdue",
    ]
    assert {n["recipient_id"] for n in team["items"]} == {"team:leeds-north"}
    assert [n["template"] for n in mine["items"]] == ["referral_contact_overdue"]
    assert other_team["total"] == 0
    subjects = sorted(m["Subject"] for m in mail_server.to(MANAGER_MAIL))
    assert subjects == [
        f"First contact overdue: {case.referral_id}",
        f"Referral waiting for capacity: {case.referral_id}",
    ]
    assert mail_server.to(AMINA_MAIL) == []  # she chose in-app only


async def test_no_token_reads_a_team_or_practice_inbox_through_its_sub_or_an_empty_team(
    settings: Settings,
) -> None:
    """The leaks found by probing: recipient ids and user ids shared one name space, so a
    token whose sub was `team:leeds-north` or `practice:B86001` read that inbox; and a
    manager with an empty team claim read every team's."""
    case = Story()
    waiting = waiting_on_the_team(case)
    posing = {
        "team sub": bearer(settings, "team:leeds-north", "link_worker"),
        "practice sub": bearer(settings, "practice:B86001", "link_worker"),
        "empty team": bearer(settings, "mgr-x", "manager", team_id=""),
    }
    async with running(create_app(settings)) as client:
        await publish_events(settings, waiting)
        team = await inbox(client, manager(settings), 1)  # it reached the team's inbox
        seen = {
            who: (await client.get("/notifications", headers=headers)).json()
            for who, headers in posing.items()
        }
    assert {n["recipient_id"] for n in team["items"]} == {"team:leeds-north"}
    assert {who: body["total"] for who, body in seen.items()} == dict.fromkeys(posing, 0)


async def test_the_provider_hears_of_a_link_and_the_link_worker_of_every_answer(
    settings: Settings, mail_server
) -> None:
    case = Story()
    linked = case.link(
        ServiceLinked,
        service_name="Burley Walking Group",
        organization_id="org-walkers",
        provider_email="walks@burley.org.uk",
        need_domain=NeedDomain.LONELINESS,
    )
    follow_up = case.build(
        OutcomeFollowUpDue,
        case.journey_id,
        journey_id=case.journey_id,
        link_worker_id="lw-amina",
        instrument=Instrument.ONS4,
        baseline_measured_on=date(2026, 9, 1),
        due_on=date(2026, 12, 1),
    )
    answers = [
        case.link(ServiceLinkAccepted),
        case.link(ServiceLinkDeclined, reason="Group is full until spring"),
        case.link(ServiceLinkExpired),
    ]
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    provider = bearer(settings, "p-1", "provider", organization_id="org-walkers")
    async with running(create_app(settings)) as client:
        await publish_events(settings, case.journey_started(), linked, *answers, follow_up)
        mine = await inbox(client, amina, 4)
        theirs = await inbox(client, provider, 1)
        await eventually(lambda: mails(mail_server, "walks@burley.org.uk"), bool)

    titles = sorted(n["title"] for n in mine["items"])
    assert titles == [
        "Burley Walking Group accepted your referral",
        "Burley Walking Group declined your referral",
        "No answer from Burley Walking Group: referral expired",
        "ONS4 follow-up due 2026-12-01",
    ]
    declined = next(n for n in mine["items"] if "declined" in n["title"])
    assert "Group is full until spring" in declined["body"]
    assert all(n["journey_id"] == case.journey_id for n in mine["items"])
    (mail,) = mail_server.to("walks@burley.org.uk")
    assert mail["Subject"] == "New referral to Burley Walking Group"
    assert "support with loneliness" in mail.get_content()
    assert [n["template"] for n in theirs["items"]] == ["service_link_requested"]


async def test_an_ended_link_reaches_the_side_that_did_not_end_it(
    settings: Settings, mail_server
) -> None:
    by_provider, by_worker = Story(), Story()
    ends = {}
    for case, by in ((by_provider, "provider"), (by_worker, "link_worker")):
        ends[by] = case.link(
            ServiceLinkEnded,
            reason=f"ended by the {by}",
            ended_by=by,
            organization_id="org-walkers",
            provider_email="walks@burley.org.uk",
            attended_sessions=2,
        )
    linked = {
        case.link_id: case.link(
            ServiceLinked,
            service_name="Burley Walking Group",
            organization_id="org-walkers",
            provider_email="walks@burley.org.uk",
        )
        for case in (by_provider, by_worker)
    }
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    provider = bearer(settings, "p-1", "provider", organization_id="org-walkers")
    async with running(create_app(settings)) as client:
        started = [case.journey_started() for case in (by_provider, by_worker)]
        await publish_events(settings, *started, *linked.values(), *ends.values())
        theirs = await inbox(client, provider, 3)  # two new links, one ended
        await eventually(lambda: mails(mail_server, "walks@burley.org.uk"), lambda m: len(m) >= 3)
        mine = await inbox(client, amina, 1)  # read last: her own end would be there by now

    assert [(n["template"], n["title"]) for n in mine["items"]] == [
        ("service_link_ended", "The link with Burley Walking Group has ended")
    ]
    assert "ended by the provider" in mine["items"][0]["body"]
    assert "after 2 sessions" in mine["items"][0]["body"]
    ended = [n for n in theirs["items"] if n["template"] == "service_link_ended_for_provider"]
    assert [n["title"] for n in ended] == ["Referral to Burley Walking Group ended"]
    assert "ended by the link_worker" in ended[0]["body"]
    subjects = sorted(m["Subject"] for m in mail_server.to("walks@burley.org.uk"))
    assert subjects == [
        "New referral to Burley Walking Group",
        "New referral to Burley Walking Group",
        "Referral to Burley Walking Group ended",
    ]


async def test_the_message_back_reaches_the_referring_practice_shaped_on_the_prsb_groups(
    settings: Settings, mail_server
) -> None:
    case = Story()
    reported = case.build(
        ReferralOutcomeReported,
        referral_id=case.referral_id,
        referrer=Referrer(
            ods_code="B86001", practitioner_name="Dr Begum", email="dr.begum@nhs.net"
        ),
        person_nhs_number="9434765919",
        needs=[NeedDomain.LONELINESS, NeedDomain.MONEY_AND_DEBT],
        support_offered=[OutcomeLine(text="Linked to Burley Walking Group (attended)")],
        outcomes=[OutcomeLine(text="ONS4 anxiety 7 -> 3 (lower is better)")],
        summary="Goals met: joined the walking group, rent arrears plan agreed",
        codes=[Coding(system="http://snomed.info/sct", code="871731000000106")],
    )
    practice = bearer(settings, "gp-1", "practice", ods_code="B86001")
    async with running(create_app(settings)) as client:
        await register(client, settings, "practice:B86001", email="burley.practice@nhs.net")
        await publish_events(settings, reported)
        theirs = await inbox(client, practice, 1)
        await eventually(lambda: mails(mail_server, "burley.practice@nhs.net"), bool)

    (mail,) = mail_server.to("burley.practice@nhs.net")
    text = mail.get_content()
    for section in ("Demographics", "Needs and concerns", "Support offered", "Outcomes"):
        assert section in text
    assert "NHS number: 9434765919" in text
    assert "money and debt" in text
    assert "ONS4 anxiety 7 -> 3" in text
    assert "871731000000106" in text
    assert mail_server.to("dr.begum@nhs.net") == []  # the practice's mailbox on record wins
    assert theirs["items"][0]["template"] == "referral_outcome_reported"


async def mails(server: Any, address: str) -> list[Any]:
    """What the SMTP server has accepted for `address` so far (a probe for `eventually`)."""
    received: list[Any] = server.to(address)
    return received
