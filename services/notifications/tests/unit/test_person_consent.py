"""Which channel a message to the person may take, by their consents, pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from linkwork_notifications.domain.notification import Channel
from linkwork_notifications.domain.person_contact import (
    PersonContact,
    consents_holding,
    reminder_channel,
)

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
BY_SMS = PersonContact("Amina", phone="07700900123", preferred_channel="sms")
BY_EMAIL = PersonContact("Amina", email="a@example.org", preferred_channel="email")


def test_sms_needs_consent_to_contact_and_to_sms() -> None:
    assert reminder_channel(BY_SMS, frozenset({"contact", "sms"})) == Channel.SMS
    assert reminder_channel(BY_SMS, frozenset({"sms"})) is None
    assert reminder_channel(BY_SMS, frozenset({"contact", "email"})) is None


def test_email_needs_consent_to_contact_and_to_email() -> None:
    assert reminder_channel(BY_EMAIL, frozenset({"contact", "email"})) == Channel.EMAIL
    assert reminder_channel(BY_EMAIL, frozenset({"contact", "sms"})) is None


def test_a_referral_from_before_consents_by_purpose_is_read_by_its_consent_to_contact() -> None:
    willing = PersonContact(
        "Amina", phone="07700900123", preferred_channel="sms", consent_to_contact=True
    )

    assert reminder_channel(willing, None) == Channel.SMS
    assert reminder_channel(BY_SMS, None) is None


def test_withdrawn_and_expired_consents_do_not_hold() -> None:
    kept = {
        "contact": {"expires_at": None},
        "sms": None,  # withdrawn
        "email": {"expires_at": NOW - timedelta(minutes=1)},
        "share_with_provider": {"expires_at": NOW + timedelta(days=30)},
    }

    assert consents_holding(kept, NOW) == {"contact", "share_with_provider"}
    assert consents_holding({}, NOW) == frozenset()
    assert consents_holding(None, NOW) is None
