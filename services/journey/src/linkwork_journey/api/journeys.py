"""HTTP queries of journeys (`/journeys`, `/journeys/{id}`): a link worker reads their own, a
manager their team's."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_journey.api.deps import JourneyList, OneJourney, Reader, StoreDep, Worker
from linkwork_journey.domain.journey import JourneyStatus
from linkwork_journey.queries import journeys
from linkwork_runtime.answers import refused
from linkwork_runtime.http import Paging
from linkwork_runtime.refusals import NotFound

router = APIRouter(tags=["journeys"])


@router.get(
    "/journeys",
    summary="Journeys you may read, newest first, with filters",
    dependencies=[JourneyList],
)
async def list_journeys(
    principal: Reader,
    store: StoreDep,
    paging: Paging,
    link_worker: str | None = None,
    status: JourneyStatus | None = None,
    referral_id: str | None = None,
) -> dict[str, Any]:
    return await journeys.page_of_journeys(
        store,
        principal,
        paging,
        link_worker=link_worker,
        status=status,
        referral_id=referral_id,
    )


@router.get(
    "/risk-flags/due",
    summary="Risk flags whose review date has come, on journeys you may read",
    dependencies=[JourneyList],
)
async def flags_due(
    principal: Worker, store: StoreDep, paging: Paging, link_worker: str | None = None
) -> dict[str, Any]:
    return await journeys.flags_due_for_review(store, principal, paging, link_worker=link_worker)


@router.get(
    "/journeys/{journey_id}",
    summary="One journey with its history",
    responses=refused(NotFound),
    dependencies=[OneJourney],
)
async def get_journey(journey_id: str, principal: Reader, store: StoreDep) -> dict[str, Any]:
    return await journeys.journey(store, principal, journey_id)
