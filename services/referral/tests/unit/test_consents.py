"""The referral's consent rules, pure: what holds at a time, what a referral consents to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from linkwork_referral.domain import consents
from linkwork_schemas.common import Person

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def person(**fields: object) -> Person:
    return Person.model_validate({"given_name": "Eileen", "family_name": "Murphy", **fields})


def test_a_consent_holds_until_it_expires_and_not_after() -> None:
    kept = {"source": "phone", "recorded_by": "lw", "recorded_at": NOW, "expires_at": None}
    expiring = kept | {"expires_at": NOW + timedelta(days=1)}

    assert consents.holds(kept, NOW)
    assert consents.holds(expiring, NOW)
    assert not consents.holds(expiring, NOW + timedelta(days=1))
    assert not consents.holds(None, NOW)


def test_current_consents_leave_out_the_expired_in_the_purposes_order() -> None:
    kept = {"source": "phone", "recorded_by": "lw", "recorded_at": NOW, "expires_at": None}
    stored = {
        "share_with_provider": kept,
        "sms": kept | {"expires_at": NOW - timedelta(seconds=1)},
        "contact": kept,
    }

    assert [c["purpose"] for c in consents.current(stored, NOW)] == [
        "contact",
        "share_with_provider",
    ]


def test_a_referral_consents_to_contact_and_the_channel_the_person_chose() -> None:
    by_sms = consents.from_referral(
        "r1", person(consent_to_contact=True, preferred_channel="sms"), "referrer:emis", NOW
    )
    by_phone = consents.from_referral(
        "r1", person(consent_to_contact=True, preferred_channel="phone"), "referrer:emis", NOW
    )
    without = consents.from_referral(
        "r1", person(consent_to_contact=None, preferred_channel="sms"), "referrer:emis", NOW
    )

    assert [(c.purpose.value, c.source.value) for c in by_sms] == [
        ("contact", "referral"),
        ("sms", "referral"),
    ]
    assert [c.purpose.value for c in by_phone] == ["contact"]
    assert without == []
