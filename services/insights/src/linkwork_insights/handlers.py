"""Handlers of the events the insights service consumes: each folds its event into one
projection."""

from __future__ import annotations

from linkwork_insights.actions import projection
from linkwork_insights.store import Tx
from linkwork_schemas import Event
from linkwork_schemas.directory import UnmetNeedRecorded


async def on_referral_fact(event: Event, tx: Tx) -> None:
    """A referral's or its journey's step: the referral's facts change."""
    await projection.fold_referral(tx, event)


async def on_link_event(event: Event, tx: Tx) -> None:
    """A link to a service made, answered or attended."""
    await projection.fold_link(tx, event)


async def on_unmet_need(event: UnmetNeedRecorded, tx: Tx) -> None:
    """Demand no service met, by need and district."""
    await projection.record_unmet_need(tx, event)
