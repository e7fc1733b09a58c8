"""The rules on their own: which event tells whom, by which channel, with which template;
and every message renders from its template with the facts the rule gives it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from linkwork_devstack.builders import Story
from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.notification import AudienceKind, Channel, NotificationIntent
from linkwork_notifications.domain.person_contact import PersonContact
from linkwork_notifications.domain.rules import RULES, notifications_for
from linkwork_notifications.rendering import Renderer, day_and_time
from linkwork_schemas.common import Referrer, Urgency
from linkwork_schemas.directory import (
    ServiceLinkAccepted,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
    ServiceLinkExpired,
    ServiceLinkReminderDue,
)
from linkwork_schemas.journey import (
    ContactCancelled,
    ContactMode,
    ContactScheduled,
    GoalSet,
    Instrument,
    OutcomeFollowUpDue,
)
from linkwork_schemas.referral import (
    ReferralAwaitingCapacity,
    ReferralAwaitingTriage,
    ReferralContactOverdue,
    ReferralOutcomeReported,
    ReferralUpdated,
    ReferralWithdrawn,
)

from ..safety import Visit, concern_raised, escalated

LONDON = ZoneInfo("Europe/London")
APPOINTMENT = datetime(2026, 7, 1, 9, 30, tzinfo=UTC)  # 10:30 in London (summer time)
CONSENTED = PersonContact(
    "Amina", phone="07700900123", preferred_channel="sms", consent_to_contact=True
)


def who(intents: list[NotificationIntent]) -> list[tuple[str, str, tuple[str, ...], str]]:
    return [
        (i.audience.kind.value, i.audience.key, tuple(c.value for c in i.channels), i.template)
        for i in intents
    ]


def every_event() -> dict[str, object]:
    case = Story()
    return {
        "assigned": case.assigned(),
        "waiting": case.build(
            ReferralAwaitingCapacity,
            referral_id=case.referral_id,
            practice_ods="B86001",
            team_id=None,
            urgency=Urgency.ROUTINE,
            waiting_since=datetime.now(UTC),
        ),
        "withdrawn by the referrer": case.build(
            ReferralWithdrawn,
            referral_id=case.referral_id,
            reason="cancelled by the referrer",
            withdrawn_by="referrer:EMIS",
        ),
        "updated by the referrer": case.build(
            ReferralUpdated,
            referral_id=case.referral_id,
            fields=["urgency", "person.phone"],
            urgency=Urgency.URGENT,
            reasons=[{"text": "Lonely"}],
            person={"given_name": "Amina", "family_name": "Patel"},
            updated_by="referrer:EMIS",
        ),
        "triage": case.build(
            ReferralAwaitingTriage,
            referral_id=case.referral_id,
            route="self",
            urgency=Urgency.ROUTINE,
            waiting_since=datetime.now(UTC),
        ),
        "overdue": case.build(
            ReferralContactOverdue,
            referral_id=case.referral_id,
            link_worker_id="lw-amina",
            team_id="leeds-north",
            first_contact_due=date(2026, 12, 1),
        ),
        "reported": case.build(
            ReferralOutcomeReported,
            referral_id=case.referral_id,
            summary="Goals met",
            referrer=Referrer(ods_code="b86001", email="gp@nhs.net"),
        ),
        "linked": case.link(
            ServiceLinked,
            service_name="Walkers",
            organization_id="org-1",
            provider_email="walks@example.org",
        ),
        "accepted": case.link(ServiceLinkAccepted),
        "declined": case.link(ServiceLinkDeclined, reason="Full"),
        "expired": case.link(ServiceLinkExpired),
        "reminder": case.link(
            ServiceLinkReminderDue,
            service_name="Walkers",
            organization_id="org-1",
            provider_email="walks@example.org",
            expires_at=APPOINTMENT,
            reminder="two_days_left",
        ),
        **{f"ended_by_{by}": ended(case, by) for by in ENDED_BY},
        "follow_up": case.build(
            OutcomeFollowUpDue,
            case.journey_id,
            journey_id=case.journey_id,
            link_worker_id="lw-amina",
            instrument=Instrument.SWEMWBS,
            baseline_measured_on=date(2026, 9, 1),
            due_on=date(2026, 12, 1),
        ),
        "scheduled": booked(case),
        "cancelled": case.build(
            ContactCancelled,
            case.journey_id,
            journey_id=case.journey_id,
            referral_id=case.referral_id,
            appointment_id="apt-1",
            scheduled_for=APPOINTMENT,
            reason="She is in hospital",
            cancelled_by="lw-amina",
        ),
        "concern": concern_raised(case),
        "escalated": escalated(concern_raised(case)),
        "lone_overdue": Visit(case).overdue(),
        "lone_checked_in": Visit(case).checked_in(),
        "lone_out_on_time": Visit(case).checked_out(late=False),
        "lone_out_late": Visit(case).checked_out(late=True),
    }


ENDED_BY = ("provider", "link_worker", "manager", "journey_closed")


def ended(case: Any, by: str, **extra: Any) -> Any:
    facts = {"reason": "She has started work on Tuesdays", "attended_sessions": 2, **extra}
    return case.link(
        ServiceLinkEnded,
        ended_by=by,
        organization_id="org-1",
        provider_email="walks@example.org",
        **facts,
    )


def booked(case: Any, mode: ContactMode = ContactMode.FACE_TO_FACE, **extra: Any) -> Any:
    return case.build(
        ContactScheduled,
        case.journey_id,
        journey_id=case.journey_id,
        referral_id=case.referral_id,
        appointment_id="apt-1",
        scheduled_for=APPOINTMENT,
        mode=mode,
        link_worker_id="lw-amina",
        scheduled_by="lw-amina",
        **extra,
    )


def test_each_event_tells_the_people_who_must_know() -> None:
    events = every_event()
    case = CaseView(referral_id="r-1", service_name="Walkers")
    told = {name: who(notifications_for(event, case)) for name, event in events.items()}  # type: ignore[arg-type]
    staff, provider = ("in_app", "email"), ("email", "in_app")
    assert told == {
        "assigned": [("link_worker", "lw-amina", staff, "referral_assigned")],
        "waiting": [("team_managers", "unassigned", staff, "referral_awaiting_capacity")],
        # Nobody works on this case yet (no link worker, no team): nobody to tell.
        "withdrawn by the referrer": [],
        "updated by the referrer": [],
        "triage": [("team_managers", "triage", staff, "referral_awaiting_triage")],
        "overdue": [
            ("link_worker", "lw-amina", staff, "referral_contact_overdue"),
            ("team_managers", "leeds-north", staff, "referral_contact_overdue"),
        ],
        "reported": [("practice", "B86001", ("email", "in_app"), "referral_outcome_reported")],
        "linked": [("provider", "org-1", ("email", "in_app"), "service_link_requested")],
        "accepted": [("link_worker", "lw-amina", staff, "service_link_accepted")],
        "declined": [("link_worker", "lw-amina", staff, "service_link_declined")],
        "expired": [("link_worker", "lw-amina", staff, "service_link_expired")],
        "reminder": [("provider", "org-1", provider, "service_link_reminder")],
        "ended_by_provider": [("link_worker", "lw-amina", staff, "service_link_ended")],
        "ended_by_link_worker": [
            ("provider", "org-1", provider, "service_link_ended_for_provider")
        ],
        "ended_by_manager": [
            ("link_worker", "lw-amina", staff, "service_link_ended"),
            ("provider", "org-1", provider, "service_link_ended_for_provider"),
        ],
        "ended_by_journey_closed": [
            ("provider", "org-1", provider, "service_link_ended_for_provider")
        ],
        "follow_up": [("link_worker", "lw-amina", staff, "outcome_follow_up_due")],
        "scheduled": [],  # only the person hears of it, and this case has no way to reach them
        "cancelled": [],
        "concern": [
            ("safeguarding_leads", "leeds-north", staff, "safeguarding_concern_raised"),
            ("team_managers", "leeds-north", staff, "safeguarding_concern_raised"),
        ],
        "escalated": [("each_manager", "leeds-north", staff, "safeguarding_concern_escalated")],
        "lone_overdue": [("each_manager", "leeds-north", staff, "lone_worker_overdue")],
        "lone_checked_in": [],
        "lone_out_on_time": [],
        "lone_out_late": [("each_manager", "leeds-north", staff, "lone_worker_checked_out_late")],
    }


def test_the_provider_and_the_practice_can_be_reached_at_the_address_the_event_carries() -> None:
    events = every_event()
    (linked,) = notifications_for(events["linked"], CaseView())  # type: ignore[arg-type]
    (reported,) = notifications_for(events["reported"], CaseView())  # type: ignore[arg-type]
    assert linked.audience.fallback_email == "walks@example.org"
    assert reported.audience.fallback_email == "gp@nhs.net"


def test_an_ended_link_tells_the_other_side_why_but_never_the_journeys_closing_reason() -> None:
    renderer = Renderer(LONDON)
    case = CaseView(referral_id="r-1", service_name="Walkers")
    closing = ended(Story(), "journey_closed", reason="journey closed: died")
    (to_provider,) = notifications_for(closing, case)
    closed_text = renderer.render(to_provider.template, to_provider.context)
    (by_worker,) = notifications_for(ended(Story(), "link_worker"), case)
    worker_text = renderer.render(by_worker.template, by_worker.context)
    (by_provider,) = notifications_for(ended(Story(), "provider"), case)
    provider_text = renderer.render(by_provider.template, by_provider.context)

    assert to_provider.audience.fallback_email == "walks@example.org"
    assert "died" not in closed_text.body and "support has closed" in closed_text.body
    assert "She has started work on Tuesdays" in worker_text.body
    assert worker_text.subject == "Referral to Walkers ended"
    assert provider_text.subject == "The link with Walkers has ended"
    assert "ended by the service before it was completed, after 2 sessions" in provider_text.body
    assert "declined" not in provider_text.body + provider_text.subject


@pytest.mark.parametrize(
    ("person", "reminded"),
    [
        (CONSENTED, [("person", "r-1", ("sms",), "link_worker_will_contact")]),
        (
            PersonContact(
                "Amina", email="a@example.org", preferred_channel="email", consent_to_contact=True
            ),
            [("person", "r-1", ("email",), "link_worker_will_contact")],
        ),
        (PersonContact("Amina", phone="07700900123", preferred_channel="sms"), []),
        (
            PersonContact(
                "Amina", phone="07700900123", preferred_channel="sms", consent_to_contact=False
            ),
            [],
        ),
        (
            PersonContact(
                "Amina", phone="07700900123", preferred_channel="phone", consent_to_contact=True
            ),
            [],
        ),
        (PersonContact("Amina", preferred_channel="sms", consent_to_contact=True), []),
        (None, []),
    ],
)
def test_the_person_is_reminded_only_by_a_consented_preferred_channel_with_an_address(
    person: PersonContact | None, reminded: list[object]
) -> None:
    case = CaseView(referral_id="r-1", person=person)
    intents = notifications_for(Story().assigned(), case)
    assert [i for i in who(intents) if i[0] == AudienceKind.PERSON] == reminded


def test_an_accepted_link_reminds_the_person_that_the_service_will_be_in_touch() -> None:
    case = CaseView(referral_id="r-1", person=CONSENTED, service_name="Walkers")
    intents = notifications_for(Story().link(ServiceLinkAccepted), case)
    person = [i for i in intents if i.audience.kind == AudienceKind.PERSON]
    assert [(i.template, i.channels, i.context["service_name"]) for i in person] == [
        ("service_will_contact", (Channel.SMS,), "Walkers")
    ]


def test_events_nobody_needs_to_hear_about_tell_nobody() -> None:
    case = Story()
    goal = case.build(
        GoalSet,
        case.journey_id,
        journey_id=case.journey_id,
        goal_id="g",
        description="Join the walking group",
        set_by="lw-amina",
    )
    assert notifications_for(goal, CaseView()) == []
    assert GoalSet not in RULES


def test_every_rule_renders_from_its_template_with_a_subject_and_a_short_sms() -> None:
    renderer = Renderer(LONDON)
    case = CaseView(
        referral_id="r-1",
        team_id="leeds-north",  # someone works on it: the rules that tell its team render
        person=CONSENTED,
        service_name="Walkers",
        appointment_reminded=True,
    )
    rendered = set()
    for event in every_event().values():
        for intent in notifications_for(event, case):  # type: ignore[arg-type]
            message = renderer.render(intent.template, intent.context)
            assert message.subject and message.body, intent.template
            assert len(message.sms) <= 306, intent.template  # two SMS fragments at most
            rendered.add(intent.template)
    assert rendered == set(renderer.templates())  # no template without a rule


def test_a_booked_contact_reminds_a_consenting_person_ahead_of_it() -> None:
    event = booked(Story())
    reminded = notifications_for(event, CaseView(referral_id="r-1", person=CONSENTED))
    assert who(reminded) == [("person", "r-1", ("sms",), "appointment_reminder")]
    assert reminded[0].remind_ahead_of == APPOINTMENT
    unwilling = PersonContact("Amina", phone="07700900123", preferred_channel="sms")
    assert notifications_for(event, CaseView(referral_id="r-1", person=unwilling)) == []


def test_a_cancellation_is_news_only_to_a_person_already_reminded() -> None:
    cancelled = every_event()["cancelled"]
    reminded = CaseView(referral_id="r-1", person=CONSENTED, appointment_reminded=True)
    not_yet = CaseView(referral_id="r-1", person=CONSENTED)
    told = notifications_for(cancelled, reminded)  # type: ignore[arg-type]
    assert who(told) == [("person", "r-1", ("sms",), "appointment_cancelled")]
    assert told[0].remind_ahead_of is None  # news of a cancellation is never too late
    assert "reason" not in told[0].context  # the staff's reason stays with the staff
    assert notifications_for(cancelled, not_yet) == []  # type: ignore[arg-type]


def test_the_reminder_says_the_day_the_london_time_the_kind_of_contact_and_where() -> None:
    renderer = Renderer(LONDON)
    case = CaseView(referral_id="r-1", person=CONSENTED)
    event = booked(Story(), location="Hyde Park Surgery, room 2", duration_minutes=45)
    (intent,) = notifications_for(event, case)
    message = renderer.render(intent.template, intent.context)
    assert message.subject == "A reminder of your face-to-face appointment on Wednesday 1 July"
    assert message.sms == (
        "Hello Amina, a reminder of your face-to-face appointment with your link worker on "
        "Wednesday 1 July at 10:30am at Hyde Park Surgery, room 2. Reply STOP to opt out."
    )
    assert "about 45 minutes" in message.body
    (phone,) = notifications_for(booked(Story(), ContactMode.PHONE), case)
    assert renderer.render(phone.template, phone.context).sms == (
        "Hello Amina, a reminder of your phone call with your link worker on "
        "Wednesday 1 July at 10:30am. Reply STOP to opt out."
    )


@pytest.mark.parametrize(
    ("moment", "said"),
    [
        (datetime(2026, 1, 13, 14, 0, tzinfo=UTC), "Tuesday 13 January at 2pm"),  # GMT
        (datetime(2026, 7, 1, 13, 5, tzinfo=UTC), "Wednesday 1 July at 2:05pm"),  # BST
        (datetime(2026, 7, 1, 11, 0, tzinfo=UTC), "Wednesday 1 July at midday"),
        (datetime(2026, 7, 1, 23, 0, tzinfo=UTC), "Thursday 2 July at midnight"),
        (datetime(2026, 3, 3, 0, 45, tzinfo=UTC), "Tuesday 3 March at 12:45am"),
    ],
)
def test_times_are_written_as_people_say_them_in_local_time(moment: datetime, said: str) -> None:
    assert day_and_time(moment, LONDON) == said


def test_a_withdrawal_or_update_by_the_referrer_tells_the_link_worker_not_their_own() -> None:
    case = Story()
    on_caseload = CaseView(referral_id=case.referral_id, link_worker_id="lw-amina")
    by_referrer = case.build(
        ReferralWithdrawn,
        referral_id=case.referral_id,
        reason="cancelled by the referrer",
        withdrawn_by="referrer:EMIS",
    )
    by_herself = case.build(
        ReferralWithdrawn,
        referral_id=case.referral_id,
        reason="moved away",
        withdrawn_by="lw-amina",
    )
    (told,) = notifications_for(by_referrer, on_caseload)
    assert (told.audience.kind, told.audience.key) == (AudienceKind.LINK_WORKER, "lw-amina")
    assert told.context["by"] == "the referrer"
    assert notifications_for(by_herself, on_caseload) == []
