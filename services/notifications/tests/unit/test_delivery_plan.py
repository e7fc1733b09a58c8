"""Planning deliveries on its own: preferences, missing addresses, the team's shared inbox,
quiet hours for the person only; and what keeps personal data out of reasons and logs."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import jwt
import pytest

from linkwork_notifications.channels import OutgoingMessage
from linkwork_notifications.channels.email import SmtpEmail
from linkwork_notifications.channels.sms import notify_token
from linkwork_notifications.domain.delivery_plan import (
    TOO_LATE,
    earliest_send,
    plan_deliveries,
    team_recipients,
)
from linkwork_notifications.domain.notification import (
    STAFF_CHANNELS,
    Audience,
    AudienceKind,
    Channel,
    NotificationIntent,
    Recipient,
)
from linkwork_notifications.domain.quiet_hours import QuietHours
from linkwork_notifications.domain.redaction import redact
from linkwork_notifications.settings import Settings

NIGHT = QuietHours(time(20, 0), time(8, 0), ZoneInfo("Europe/London"))
MIDNIGHT = datetime(2026, 1, 15, 0, 0, tzinfo=UTC)
NOON = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
STAFF = NotificationIntent(Audience(AudienceKind.LINK_WORKER, "lw-1"), STAFF_CHANNELS, "t")


def test_staff_get_each_channel_they_accept_at_once_even_at_night() -> None:
    planned = plan_deliveries(STAFF, [Recipient("lw-1", email="a@nhs.net")], MIDNIGHT, NIGHT)
    assert [(p.channel, p.address, p.not_before, p.problem) for p in planned] == [
        (Channel.IN_APP, None, MIDNIGHT, None),
        (Channel.EMAIL, "a@nhs.net", MIDNIGHT, None),
    ]


def test_a_channel_switched_off_is_not_used_and_a_missing_address_is_a_visible_problem() -> None:
    in_app_only = Recipient("lw-1", email="a@nhs.net", accepts=frozenset({Channel.IN_APP}))
    assert [p.channel for p in plan_deliveries(STAFF, [in_app_only], MIDNIGHT, NIGHT)] == [
        Channel.IN_APP
    ]
    (_, email) = plan_deliveries(STAFF, [Recipient("lw-1")], MIDNIGHT, NIGHT)
    assert email.problem == "no email address on record for lw-1"


def test_a_message_to_the_person_waits_for_the_end_of_quiet_hours() -> None:
    intent = NotificationIntent(Audience(AudienceKind.PERSON, "r-1"), (Channel.SMS,), "t")
    person = Recipient("person:r-1", phone="07700900123", is_person=True)
    (sms,) = plan_deliveries(intent, [person], MIDNIGHT, NIGHT)
    assert sms.not_before == datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
    assert sms.quiet_hours


DAY = timedelta(hours=24)
PERSON = Recipient("person:r-1", phone="07700900123", is_person=True)


def appointment_reminder(at: datetime) -> NotificationIntent:
    audience = Audience(AudienceKind.PERSON, "r-1")
    return NotificationIntent(audience, (Channel.SMS,), "appointment_reminder", {}, at)


@pytest.mark.parametrize(
    ("now", "appointment", "not_before"),
    [
        # three days ahead: a day before it
        (NOON, NOON + 3 * DAY, NOON + 2 * DAY),
        # an hour ahead: at once
        (NOON, NOON + timedelta(hours=1), NOON),
        # 09:00 tomorrow, booked at midnight: when quiet hours end at 08:00
        (MIDNIGHT, MIDNIGHT + timedelta(hours=9), MIDNIGHT + timedelta(hours=8)),
        # 21:00 in two days: a day before is in quiet hours, so 08:00 on the day itself
        (MIDNIGHT, MIDNIGHT + timedelta(days=2, hours=21), MIDNIGHT + timedelta(days=2, hours=8)),
    ],
)
def test_a_reminder_is_due_the_lead_before_the_appointment_or_at_once_never_in_quiet_hours(
    now: datetime, appointment: datetime, not_before: datetime
) -> None:
    (sms,) = plan_deliveries(appointment_reminder(appointment), [PERSON], now, NIGHT, DAY)
    assert (sms.not_before, sms.send_before, sms.withheld) == (not_before, appointment, None)


def test_a_reminder_that_could_only_go_out_at_or_after_the_appointment_is_withheld() -> None:
    for appointment in (MIDNIGHT + timedelta(hours=7, minutes=30), MIDNIGHT + timedelta(hours=8)):
        (sms,) = plan_deliveries(appointment_reminder(appointment), [PERSON], MIDNIGHT, NIGHT, DAY)
        assert sms.withheld == TOO_LATE, appointment
    (just_in_time,) = plan_deliveries(
        appointment_reminder(MIDNIGHT + timedelta(hours=8, minutes=1)),
        [PERSON],
        MIDNIGHT,
        NIGHT,
        DAY,
    )
    assert just_in_time.withheld is None
    assert just_in_time.not_before == MIDNIGHT + timedelta(hours=8)


def test_the_dispatcher_asks_the_same_question_when_the_moment_comes() -> None:
    appointment = MIDNIGHT + timedelta(hours=9)
    assert earliest_send(MIDNIGHT, NIGHT, appointment) == MIDNIGHT + timedelta(hours=8)
    assert earliest_send(appointment, None, appointment) is None  # staff or not, never after
    assert earliest_send(appointment - timedelta(minutes=1), NIGHT, appointment) is not None
    assert earliest_send(MIDNIGHT, None, None) == MIDNIGHT


def test_managers_share_the_team_inbox_and_each_gets_the_email() -> None:
    managers = [Recipient("mgr-1", email="m1@nhs.net"), Recipient("mgr-2", email="m2@nhs.net")]
    team = team_recipients("leeds", managers)
    planned = plan_deliveries(STAFF, team, MIDNIGHT, NIGHT)
    assert [(p.recipient_id, p.channel) for p in planned] == [
        ("team:leeds", Channel.IN_APP),
        ("mgr-1", Channel.EMAIL),
        ("mgr-2", Channel.EMAIL),
    ]
    nobody = plan_deliveries(STAFF, team_recipients("york", []), MIDNIGHT, NIGHT)
    assert [p.problem for p in nobody] == [None, "no email address on record for team:york"]


def test_reasons_from_providers_lose_addresses_and_numbers() -> None:
    text = "550 5.1.1 <amina.shah@example.org>: rejected; phone_number 07700 900123 invalid"
    assert redact(text) == "550 5.1.1 <<address>>: rejected; phone_number <number> invalid"


def test_the_sms_token_is_notifys_jwt_and_the_email_names_its_notification() -> None:
    service_id, secret = (
        "26785a09-ab16-4eb0-8407-a37497a57506",
        "3d844edf-8d35-48ac-975b-e847b4f122b0",
    )
    claims = jwt.decode(
        notify_token(f"my_key-{service_id}-{secret}", now=1_700_000_000),
        secret,
        algorithms=["HS256"],
        options={"verify_iat": False},
    )
    assert claims == {"iss": service_id, "iat": 1_700_000_000}
    email = SmtpEmail(Settings()).compose(OutgoingMessage("n-1", "a@nhs.net", "Hello", "Body"))
    assert (email["Message-ID"], email["To"], email["Subject"]) == (
        "<n-1@linkwork>",
        "a@nhs.net",
        "Hello",
    )
