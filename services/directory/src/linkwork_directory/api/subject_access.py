"""`GET /subject-access`: what the directory holds about one person, asked by their referral
ids (the referral service's part lists them; the directory finds their journeys in its own
record of journey.events), for information governance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from linkwork_directory.api.deps import StoreDep
from linkwork_directory.queries import subject_access as held
from linkwork_runtime import subject_access
from linkwork_runtime.subject_access import Governance, ReferralIds

router = APIRouter(tags=["subject access"], dependencies=[subject_access.EVERY_PERSON])


@router.get(subject_access.ROUTE, summary=subject_access.SUMMARY)
async def subject_access_part(
    request: Request, who: Governance, store: StoreDep, referral_ids: ReferralIds
) -> dict[str, Any]:
    """The journeys of these referrals as the directory knows them, and their service links."""
    holdings = await held.held_about(store, referral_ids)
    return await subject_access.part(request, who, holdings, referral_ids=referral_ids)
