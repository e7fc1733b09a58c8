"""Folding consumed events into the projections, in the batch's one transaction: a referral's
facts (referral and journey events), a link's (directory link events), an unmet need."""

from __future__ import annotations

from collections.abc import Sequence

import structlog

from linkwork_insights.domain.facts import apply, moment
from linkwork_insights.domain.links import apply_link
from linkwork_insights.store import Tx
from linkwork_schemas import Event
from linkwork_schemas.directory import UnmetNeedRecorded

log = structlog.get_logger(__name__)


def _referral_id(event: Event) -> str | None:
    found = getattr(event.payload, "referral_id", None)
    return str(found) if found else None


async def prepare_referrals(events: Sequence[Event], tx: Tx) -> None:
    """One read for the referrals a batch of referral or journey events touches."""
    named = {rid for rid in map(_referral_id, events) if rid}
    journeys = {
        str(event.payload.journey_id)
        for event in events
        if not _referral_id(event) and hasattr(event.payload, "journey_id")
    }
    await tx.store.referrals.load(named, journeys)


async def prepare_links(events: Sequence[Event], tx: Tx) -> None:
    ids = {str(getattr(event.payload, "link_id", "")) for event in events}
    await tx.store.links.load(ids - {""})


async def fold_referral(tx: Tx, event: Event) -> None:
    referral_id = _referral_id(event)
    journey_id = getattr(event.payload, "journey_id", None)
    if referral_id is None and journey_id:
        referral_id = await tx.store.referrals.of_journey(str(journey_id))
    if referral_id is None:
        # A journey event before its JourneyStarted (which was dead-lettered): nothing to fold.
        log.warning("insights.journey_unknown", event_type=event.event_type)
        return
    facts = await tx.store.referrals.facts_of(referral_id)
    tx.store.referrals.keep(apply(facts, event))


async def fold_link(tx: Tx, event: Event) -> None:
    link_id = str(getattr(event.payload, "link_id", ""))
    link = await tx.store.links.facts_of(link_id)
    tx.store.links.keep(apply_link(link, event))


async def record_unmet_need(tx: Tx, event: UnmetNeedRecorded) -> None:
    p = event.payload
    await tx.store.unmet_needs.add_at_commit(
        {
            "_id": str(event.event_id),
            "need": str(p.need_domain),
            "area": p.area.strip().upper(),
            "age_band": p.age_band,
            "month": moment(event.occurred_at)[:7],
        }
    )
