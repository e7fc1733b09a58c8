"""`GET /subject-access`: what the referral service holds about one person, found by NHS
number (or by a referral id, for someone with none), for information governance. Its part
lists the person's referral ids, by which the other services are asked for theirs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from linkwork_referral.api.deps import StoreDep
from linkwork_referral.queries import subject_access as held
from linkwork_runtime import subject_access
from linkwork_runtime.answers import refused
from linkwork_runtime.refusals import Unprocessable
from linkwork_runtime.subject_access import Governance, NhsNumberAsked, ReferralIds

router = APIRouter(tags=["subject access"], dependencies=[subject_access.EVERY_PERSON])


@router.get(subject_access.ROUTE, summary=subject_access.SUMMARY, responses=refused(Unprocessable))
async def subject_access_part(
    request: Request,
    who: Governance,
    store: StoreDep,
    referral_ids: ReferralIds,
    nhs_number: NhsNumberAsked = None,
) -> dict[str, Any]:
    """The person's referrals with their history and notes, and their submissions as they
    arrived; an NHS number with no record: an empty part."""
    number = subject_access.nhs_number_of(nhs_number)
    if number is None and not referral_ids:
        raise Unprocessable("name the person: nhs_number, or referral_id", where="nhs_number")
    ids, holdings = await held.held_about(store, who, number, referral_ids)
    return await subject_access.part(
        request, who, holdings, referral_ids=ids, nhs_number=number
    ) | {"nhs_number": number}
