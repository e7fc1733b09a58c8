"""Handlers of the events the journey service consumes: each hands its event to one action."""

from __future__ import annotations

from linkwork_journey.actions import handover, links, starting, timeline
from linkwork_journey.store import Tx
from linkwork_schemas import Event
from linkwork_schemas.referral import (
    PersonDetailsCorrected,
    ReferralAccepted,
    ReferralAssigned,
    ReferralUpdated,
)


async def on_referral_accepted(event: ReferralAccepted, tx: Tx) -> None:
    """Start the person's journey (once per referral)."""
    await starting.start_journey(tx, event)


async def on_referral_assigned(event: ReferralAssigned, tx: Tx) -> None:
    """Hand an open journey over to the referral's new link worker."""
    await handover.hand_over(tx, event)


async def on_person_corrected(event: PersonDetailsCorrected | ReferralUpdated, tx: Tx) -> None:
    """The journey keeps the person as the referral now has them."""
    await handover.correct_person(tx, event)


async def on_referral_event(event: Event, tx: Tx) -> None:
    """Any other referral event (received, overdue, closed...) is a line on its timeline."""
    await timeline.note(tx, event)


async def on_service_link_event(event: Event, tx: Tx) -> None:
    """A service linked, answered or attended: the journey's services and its timeline."""
    await links.update_services(tx, event)
