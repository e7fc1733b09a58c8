"""`GET /subject-access`: what the notifications service holds about one person, asked by
their referral ids (the referral service's part lists them), for information governance."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from linkwork_notifications.api.deps import StoreDep
from linkwork_notifications.queries import subject_access as held
from linkwork_runtime import subject_access
from linkwork_runtime.subject_access import Governance, ReferralIds

router = APIRouter(tags=["subject access"], dependencies=[subject_access.EVERY_PERSON])


@router.get(subject_access.ROUTE, summary=subject_access.SUMMARY)
async def subject_access_part(
    request: Request, who: Governance, store: StoreDep, referral_ids: ReferralIds
) -> dict[str, Any]:
    """Their contact details kept, the messages to them and about them, their concerns."""
    holdings = await held.held_about(store, referral_ids)
    return await subject_access.part(request, who, holdings, referral_ids=referral_ids)
