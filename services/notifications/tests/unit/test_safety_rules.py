"""The safety alerts on their own: urgent (at once, whatever the hour), to whom, once per
lone-working visit, in words that lead to the journey and say nothing of the concern; and who
answers for a team's safeguarding concerns."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

from linkwork_devstack.builders import Story
from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.concerns import answers_for, teams_answered_for
from linkwork_notifications.domain.delivery_plan import each_manager, plan_deliveries
from linkwork_notifications.domain.intents import urgently
from linkwork_notifications.domain.notification import (
    Audience,
    AudienceKind,
    Channel,
    NotificationIntent,
    Recipient,
)
from linkwork_notifications.domain.quiet_hours import QuietHours
from linkwork_notifications.domain.rules import notifications_for
from linkwork_notifications.rendering import Renderer
from linkwork_runtime.auth import Principal

from ..safety import Visit, concern_raised, escalated

LONDON = ZoneInfo("Europe/London")
ALL_DAY = QuietHours(time(0, 0), time(23, 59, 59), LONDON)
MIDNIGHT = datetime(2026, 1, 15, 0, 0, tzinfo=UTC)
CONSOLE = "https://console.linkwork.example"


def test_an_urgent_message_goes_out_at_once_even_in_quiet_hours() -> None:
    person = Recipient("person:r-1", phone="07700900123", is_person=True)
    audience = Audience(AudienceKind.PERSON, "r-1")
    routine = NotificationIntent(audience, (Channel.SMS,), "t")
    urgent = NotificationIntent(audience, (Channel.SMS,), "t", urgent=True)

    (waits,) = plan_deliveries(routine, [person], MIDNIGHT, ALL_DAY)
    (goes,) = plan_deliveries(urgent, [person], MIDNIGHT, ALL_DAY)

    assert waits.not_before > MIDNIGHT and waits.quiet_hours
    assert (goes.not_before, goes.quiet_hours, goes.urgent) == (MIDNIGHT, False, True)


def test_every_manager_hears_in_their_own_inbox_and_by_email_and_the_team_inbox_too() -> None:
    managers = [Recipient("mgr-1", email="m1@nhs.net"), Recipient("mgr-2", email="m2@nhs.net")]
    intent = urgently(AudienceKind.EACH_MANAGER, "leeds-north", "t")

    planned = plan_deliveries(intent, each_manager("leeds-north", managers), MIDNIGHT, ALL_DAY)

    assert sorted((p.recipient_id, p.channel.value) for p in planned) == [
        ("mgr-1", "email"),
        ("mgr-1", "in_app"),
        ("mgr-2", "email"),
        ("mgr-2", "in_app"),
        ("team:leeds-north", "in_app"),
    ]
    assert all(p.not_before == MIDNIGHT and p.urgent for p in planned)


def test_every_safety_alert_is_urgent() -> None:
    story = Story()
    alerts = [
        concern_raised(story),
        escalated(concern_raised(story)),
        Visit(story).overdue(),
        Visit(story).checked_out(late=True),
    ]
    intents = [i for event in alerts for i in notifications_for(event, CaseView())]
    assert len(intents) == 5 and all(i.urgent for i in intents)


def test_a_second_overdue_alert_of_the_same_visit_tells_nobody() -> None:
    overdue = Visit(Story()).overdue()
    assert notifications_for(overdue, CaseView(lone_worker_alerted=True)) == []


def test_a_concern_with_no_team_reaches_every_teams_leads_and_managers_not_a_dead_inbox() -> None:
    raised = concern_raised(Story(team=None))
    told = [(i.audience.kind, i.audience.key) for i in notifications_for(raised, CaseView())]
    escalation = [
        (i.audience.kind, i.audience.key) for i in notifications_for(escalated(raised), CaseView())
    ]
    assert told == [(AudienceKind.EVERY_LEAD, ""), (AudienceKind.EVERY_MANAGER, "")]
    assert escalation == [(AudienceKind.EVERY_MANAGER, "")]


def test_a_concern_raised_before_tells_nobody_again() -> None:
    raised = concern_raised(Story())
    assert notifications_for(raised, CaseView(concern_known=True)) == []


def test_a_concern_of_no_team_is_answered_for_by_anyone_who_answers_for_a_team() -> None:
    assert answers_for(frozenset({"york"}), None)
    assert not answers_for(frozenset(), None)
    assert not answers_for(frozenset({"york"}), "leeds-north")


def test_safety_messages_lead_to_the_journey_and_say_nothing_of_the_concern_or_place() -> None:
    renderer = Renderer(LONDON, CONSOLE + "/")
    story = Story()
    raised = concern_raised(story, raised_at=datetime(2026, 1, 15, 2, 5, tzinfo=UTC))
    visit = Visit(story)
    texts = {
        event.event_type: renderer.render(intent.template, intent.context)
        for event in (raised, escalated(raised), visit.overdue(), visit.checked_out(late=True))
        for intent in notifications_for(event, CaseView())[:1]
    }
    link = f"{CONSOLE}/journeys/{story.journey_id}"
    assert all(link in text.body for text in texts.values())
    concern = texts["SafeguardingConcernRaised"]
    assert concern.subject == f"Urgent: safeguarding concern raised on journey {story.journey_id}"
    assert "on Thursday 15 January at 2:05am" in concern.body
    assert texts["SafeguardingConcernEscalated"].subject.startswith("Urgent: ")
    assert texts["LoneWorkerOverdue"].subject == (
        "Urgent: lw-amina has not checked out of a lone visit"
    )
    assert texts["LoneWorkerCheckedOut"].subject == "lw-amina has checked out safely"
    everything = " ".join(t.subject + t.body for t in texts.values())
    assert story.referral_id not in everything  # ids of the journey only, no case details


def staff(sub: str, role: str, team_id: str | None = None) -> Principal:
    return Principal(sub=sub, roles=[role], team_id=team_id)


def test_a_teams_managers_and_its_designated_leads_answer_for_its_concerns() -> None:
    lead = {"_id": "lw-sam", "team_id": "leeds-north", "safeguarding_lead": True}
    not_lead = {"_id": "lw-bob", "team_id": "leeds-north", "safeguarding_lead": False}

    assert teams_answered_for(staff("mgr-1", "manager", "leeds-north"), None) == {"leeds-north"}
    assert teams_answered_for(staff("mgr-1", "manager", ""), None) == set()
    assert teams_answered_for(staff("lw-sam", "link_worker", "york"), lead) == {"leeds-north"}
    assert teams_answered_for(staff("lw-bob", "link_worker", "leeds-north"), not_lead) == set()
    assert teams_answered_for(staff("mgr-2", "manager", "york"), lead) == {"york", "leeds-north"}
    # A token whose sub names another kind of inbox is nobody's own record.
    assert teams_answered_for(staff("team:leeds-north", "link_worker"), lead) == set()
