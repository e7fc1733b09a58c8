"""The journey service follows referral events into a timeline, once per event."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from linkwork_devstack.testing import bearer, eventually, publish, running
from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_schemas import topics
from linkwork_schemas.common import Person, ReferralReason, ReferralRoute, Referrer, Urgency
from linkwork_schemas.referral import ReferralReceived, ReferralReceivedPayload


def referral_received(referral_id: str) -> ReferralReceived:
    return ReferralReceived.build(
        aggregate_id=referral_id,
        producer="referral",
        payload=ReferralReceivedPayload(
            referral_id=referral_id,
            source_system="EMIS",
            source_referral_id="R-1",
            route=ReferralRoute.GP,
            urgency=Urgency.URGENT,
            referrer=Referrer(ods_code="B86001", organisation_name="Burley Park Medical Centre"),
            person=Person(nhs_number="9434765919", given_name="Amina", family_name="Shah"),
            reasons=[ReferralReason(text="Lives alone since bereavement")],
            received_at=datetime.now(UTC),
        ),
    )


async def test_referral_received_twice_appears_once_on_the_timeline(settings: Settings) -> None:
    referral_id = str(uuid.uuid4())
    event = referral_received(referral_id)
    topic = settings.topic(topics.REFERRAL_EVENTS)
    app = create_app(settings)
    async with running(app) as client:
        await publish(
            settings.kafka_bootstrap_servers, topic, event.to_bytes(), referral_id.encode()
        )
        await publish(
            settings.kafka_bootstrap_servers, topic, event.to_bytes(), referral_id.encode()
        )
        marker = referral_received(referral_id)  # a second, distinct event after both copies
        await publish(
            settings.kafka_bootstrap_servers, topic, marker.to_bytes(), referral_id.encode()
        )
        headers = bearer(settings, "mgr-1", "manager")  # no journey yet: managers read it
        response = await eventually(
            lambda: client.get(f"/referrals/{referral_id}/timeline", headers=headers),
            lambda r: len(r.json().get("entries", [])) >= 2,
        )
    entries = response.json()["entries"]
    assert [e["event_id"] for e in entries] == [str(event.event_id), str(marker.event_id)]
    assert entries[0]["text"] == (
        "Referral received from Burley Park Medical Centre (urgent): Lives alone since bereavement"
    )


async def test_before_a_journey_a_link_worker_cannot_read_a_referrals_timeline(
    settings: Settings,
) -> None:
    referral_id = str(uuid.uuid4())
    async with running(create_app(settings)) as client:
        response = await client.get(
            f"/referrals/{referral_id}/timeline",
            headers=bearer(settings, "lw-amina", "link_worker"),
        )
    assert response.status_code == 404
