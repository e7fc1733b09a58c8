"""Timelines over HTTP: a referral's story before and around its journey
(`/referrals/{id}/timeline`) and a journey's (`/journeys/{id}/timeline`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_journey.api.deps import OneJourney, Reader, StoreDep
from linkwork_journey.queries import timelines
from linkwork_runtime.answers import refused
from linkwork_runtime.refusals import NotFound

# A story the caller may not read: 404.
router = APIRouter(responses=refused(NotFound), dependencies=[OneJourney])


@router.get(
    "/referrals/{referral_id}/timeline",
    tags=["timelines"],
    summary="The story of a referral so far",
)
async def referral_timeline(referral_id: str, principal: Reader, store: StoreDep) -> dict[str, Any]:
    """Once a journey has started, whoever may read the journey; before that, managers."""
    return await timelines.of_referral(store, principal, referral_id)


@router.get(
    "/journeys/{journey_id}/timeline",
    tags=["journeys"],
    summary="One story: referral, journey, services",
)
async def journey_timeline(journey_id: str, principal: Reader, store: StoreDep) -> dict[str, Any]:
    """The screen a link worker opens before a call: every event of the referral, the journey
    and its service links, oldest first."""
    return await timelines.of_journey(store, principal, journey_id)
