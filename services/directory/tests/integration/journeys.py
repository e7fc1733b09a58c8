"""Journeys as the journey service announces them, for tests that link people to services:
publish JourneyStarted, JourneyReassigned or JourneyClosed to the real broker, then wait until
the directory knows."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import FastAPI

from linkwork_devstack.testing import eventually, publish
from linkwork_directory.settings import Settings
from linkwork_directory.store import Journeys
from linkwork_runtime.mongo import Document
from linkwork_schemas import topics
from linkwork_schemas.common import Person, ReferralReason
from linkwork_schemas.envelope import Event
from linkwork_schemas.journey import (
    JourneyClosed,
    JourneyClosedPayload,
    JourneyReassigned,
    JourneyReassignedPayload,
    JourneyStarted,
    JourneyStartedPayload,
    JourneySummary,
)

AMINA, TEAM = "lw-amina", "leeds-north"


def started(journey_id: str, link_worker_id: str = AMINA, team_id: str = TEAM) -> JourneyStarted:
    return JourneyStarted.build(
        aggregate_id=journey_id,
        producer="journey",
        payload=JourneyStartedPayload(
            journey_id=journey_id,
            referral_id=f"r-{journey_id}",
            link_worker_id=link_worker_id,
            team_id=team_id,
            person=Person(given_name="Margaret", family_name="Hughes", postcode="LS6 1QP"),
            reasons=[ReferralReason(text="Lonely since her husband died")],
            started_at=datetime.now(UTC),
        ),
    )


def reassigned(
    journey_id: str, link_worker_id: str, team_id: str, reassigned_from: str = AMINA
) -> JourneyReassigned:
    return JourneyReassigned.build(
        aggregate_id=journey_id,
        producer="journey",
        payload=JourneyReassignedPayload(
            journey_id=journey_id,
            referral_id=f"r-{journey_id}",
            link_worker_id=link_worker_id,
            team_id=team_id,
            reassigned_from=reassigned_from,
            reassigned_by="mgr-north",
        ),
    )


def closed(journey_id: str, link_worker_id: str = AMINA) -> JourneyClosed:
    return JourneyClosed.build(
        aggregate_id=journey_id,
        producer="journey",
        payload=JourneyClosedPayload(
            journey_id=journey_id,
            referral_id=f"r-{journey_id}",
            link_worker_id=link_worker_id,
            reason="moved_away",
            summary=JourneySummary(),
            closed_by=link_worker_id,
        ),
    )


async def announce(settings: Settings, *events: Event) -> None:
    """Publish on journey.events as the journey service's relay does: keyed by journey."""
    for event in events:
        await publish(
            settings.kafka_bootstrap_servers,
            settings.topic(topics.JOURNEY_EVENTS),
            event.to_bytes(),
            key=event.aggregate_id.encode(),
            headers=event.headers(),
        )


async def known_journey(app: FastAPI, journey_id: str, status: str = "open") -> Document | None:
    """The directory's record of the journey once it is `status`; else what it last was."""
    journeys = Journeys(app.state.runtime.db)
    return await eventually(
        lambda: journeys.get(journey_id), lambda j: j is not None and j["status"] == status
    )


async def start_journeys(
    app: FastAPI, *journey_ids: str, link_worker_id: str = AMINA, team_id: str = TEAM
) -> None:
    """Announce the journeys started and wait until the directory knows each."""
    events = [started(j, link_worker_id, team_id) for j in journey_ids]
    await announce(app.state.settings, *events)
    for journey_id in journey_ids:
        journey = await known_journey(app, journey_id)
        assert journey is not None and journey["status"] == "open", journey_id
