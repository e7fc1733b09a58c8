"""Timelines: every event of a referral, its journey and its service links, oldest first."""

from __future__ import annotations

from typing import Any

from linkwork_journey.domain import access, timeline
from linkwork_journey.store import Store
from linkwork_runtime.auth import Principal
from linkwork_runtime.caller import reads_note
from linkwork_runtime.http import view
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import NotFound


async def of_referral(store: Store, caller: Principal, referral_id: str) -> dict[str, Any]:
    """The referral's story: once a journey has started, for whoever may read the journey;
    before that, for the managers of the team the referral was last routed to (and for
    information governance, each)."""
    journey = await store.journeys.by_referral(referral_id)
    entries = await store.timeline.for_referral(referral_id)
    unknown = journey is None and not entries
    if unknown or not access.reads_story(caller, journey, timeline.team_of(entries)):
        raise NotFound(f"no referral {referral_id!r}")
    team = journey.get("team_id") if journey is not None else timeline.team_of(entries)
    return {"referral_id": referral_id, "entries": _lines(caller, team, entries)}


async def of_journey(store: Store, caller: Principal, journey_id: str) -> dict[str, Any]:
    """The screen a link worker opens before a call: the whole story of the journey's referral."""
    journey = access.readable(caller, await store.journeys.get(journey_id), journey_id)
    entries = await store.timeline.for_referral(journey["referral_id"])
    return {
        "journey_id": journey_id,
        "referral_id": journey["referral_id"],
        "entries": _lines(caller, journey.get("team_id"), entries),
    }


def _lines(caller: Principal, team_id: str | None, entries: list[Document]) -> list[dict[str, Any]]:
    """The entries the caller may read: a restricted note's only for those who may read it."""
    return [view(entry, "event_id") for entry in entries if reads_note(caller, entry, team_id)]
