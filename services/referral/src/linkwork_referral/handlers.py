"""Handlers of what the referral service consumes: each turns one message into one action."""

from __future__ import annotations

from linkwork_referral.actions import intake, journeys
from linkwork_referral.actions.arrivals import Incoming
from linkwork_referral.settings import Settings
from linkwork_referral.store import Tx
from linkwork_schemas.journey import (
    JourneyClosed,
    JourneyStarted,
    RiskFlagRaised,
    RiskFlagRemoved,
    RiskFlagReviewed,
)


async def on_referral_submitted(incoming: Incoming, tx: Tx, settings: Settings) -> None:
    """A GP system sent a referral on gp.referrals: receive it (the outcome is in events)."""
    await intake.receive_referral(tx, incoming, settings)


async def on_journey_started(event: JourneyStarted, tx: Tx) -> None:
    await journeys.note_journey(tx, event)


async def on_risk_flag(event: RiskFlagRaised | RiskFlagReviewed | RiskFlagRemoved, tx: Tx) -> None:
    await journeys.note_risk_flag(tx, event)


async def on_journey_closed(event: JourneyClosed, tx: Tx, settings: Settings) -> None:
    await journeys.close_after_journey(tx, event, settings)
