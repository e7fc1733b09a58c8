"""Handlers of events the journey service consumes."""

from __future__ import annotations

import uuid

import structlog

from linkwork_journey.domain import journey
from linkwork_journey.domain.services import services_after
from linkwork_journey.domain.timeline import entry
from linkwork_journey.store import FollowUps, Journeys, Timeline
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event
from linkwork_schemas.journey import JourneyReassigned, JourneyStarted
from linkwork_schemas.referral import ReferralAccepted, ReferralAssigned, ReferralReceived

log = structlog.get_logger(__name__)


async def on_referral_received(event: ReferralReceived, tx: Transaction) -> None:
    """Note the referral on its timeline, so the story starts before the journey does."""
    await Timeline(tx.db, tx.session).add(entry(event, event.payload.referral_id))


async def on_referral_accepted(event: ReferralAccepted, tx: Transaction) -> None:
    """Start the person's journey: once per referral, however often acceptance arrives."""
    referral_id = event.payload.referral_id
    timeline = Timeline(tx.db, tx.session)
    await timeline.add(entry(event, referral_id))
    journeys = Journeys(tx.db, tx.session)
    if await journeys.by_referral(referral_id) is not None:
        log.info("journey.already_started", referral_id=referral_id)
        return
    payload = journey.start(event.payload, journey_id=str(uuid.uuid4()))
    started = await tx.record(
        JourneyStarted, aggregate_id=payload.journey_id, payload=payload, caused_by=event
    )
    await journeys.add(journey.new_journey(started))
    await timeline.add(entry(started, referral_id))


async def on_referral_assigned(event: ReferralAssigned, tx: Transaction) -> None:
    """A line on the timeline; a referral reassigned after its journey started takes the open
    journey (and its follow-ups still due) to the new link worker and team."""
    referral_id = event.payload.referral_id
    timeline = Timeline(tx.db, tx.session)
    await timeline.add(entry(event, referral_id))
    journeys = Journeys(tx.db, tx.session)
    current = await journeys.by_referral(referral_id)
    payload = journey.reassignment(current, event.payload) if current else None
    if payload is None:
        return
    moved = await tx.record(
        JourneyReassigned, aggregate_id=payload.journey_id, payload=payload, caused_by=event
    )
    owner, line = journey.handed_over(moved)
    await journeys.change(payload.journey_id, owner, push={"history": line})
    await FollowUps(tx.db, tx.session).hand_over(payload.journey_id, owner)
    await timeline.add(entry(moved, referral_id))


async def on_referral_event(event: Event, tx: Transaction) -> None:
    """Any other referral event (overdue, closed...) is a line on its timeline."""
    referral_id = getattr(event.payload, "referral_id", None) or event.aggregate_id
    await Timeline(tx.db, tx.session).add(entry(event, referral_id))


async def on_service_link_event(event: Event, tx: Transaction) -> None:
    """A service linked, answered or attended: the journey's services and its timeline."""
    link = event.payload
    journeys = Journeys(tx.db, tx.session)
    journey = await journeys.get(getattr(link, "journey_id", ""))
    if journey is None:
        log.info("journey.link_for_unknown_journey", journey_id=getattr(link, "journey_id", None))
        return
    services = services_after(journey.get("services", []), event)
    await journeys.change(journey["_id"], {"services": services})
    await Timeline(tx.db, tx.session).add(entry(event, journey["referral_id"]))
