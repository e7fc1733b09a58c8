"""Journeys as the journey service announces them, for tests that link people to services:
the shared builders' story of each journey published to the real broker, then a wait until
the directory knows."""

from __future__ import annotations

from fastapi import FastAPI

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import eventually
from linkwork_runtime.mongo import Document

AMINA, TEAM = "lw-amina", "leeds-north"


def story_of(journey_id: str, link_worker_id: str = AMINA, team_id: str = TEAM) -> Story:
    """The story of one journey (its link worker and team), to build its events from."""
    return Story(link_worker_id, team_id, journey_id=journey_id)


async def known_journey(app: FastAPI, journey_id: str, status: str = "open") -> Document | None:
    """The directory's record of the journey once it is `status`; else what it last was."""
    journeys = app.state.runtime.store.journeys
    return await eventually(
        lambda: journeys.get(journey_id), lambda j: j is not None and j["status"] == status
    )


async def start_journeys(
    app: FastAPI, *journey_ids: str, link_worker_id: str = AMINA, team_id: str = TEAM
) -> None:
    """Announce the journeys started and wait until the directory knows each."""
    events = [story_of(j, link_worker_id, team_id).journey_started() for j in journey_ids]
    await publish_events(app.state.settings, *events)
    for journey_id in journey_ids:
        record = await known_journey(app, journey_id)
        assert record is not None and record["status"] == "open", journey_id
