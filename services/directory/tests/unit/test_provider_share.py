"""What a provider may be given of the person, pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from linkwork_directory.domain.provider_share import (
    consents_to_share,
    person_for_provider,
    shared_view,
)
from linkwork_schemas.common import Person

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)


def test_only_the_first_name_and_the_preferred_channels_address_are_given() -> None:
    person = Person(
        given_name="Eileen",
        family_name="Murphy",
        phone="07700 900123",
        email="eileen@example.org",
        preferred_channel="email",
        postcode="LS6 3AG",
    )

    assert person_for_provider(person) == {
        "given_name": "Eileen",
        "preferred_channel": "email",
        "email": "eileen@example.org",
    }


def test_the_details_are_shown_only_with_a_current_consent() -> None:
    details = {"given_name": "Eileen", "preferred_channel": "phone", "phone": "07700 900123"}
    expired = {"expires_at": NOW - timedelta(seconds=1)}

    assert consents_to_share({"expires_at": None}, NOW)
    assert not consents_to_share(expired, NOW)
    assert not consents_to_share(None, NOW)
    assert shared_view(details, consented=True)["person"] == details
    assert shared_view(details, consented=False) == {
        "person": None,
        "introduction": "link_worker_introduces",
    }
