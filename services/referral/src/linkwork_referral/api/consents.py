"""HTTP routes of the person's consents on a referral: read the current ones, record one,
withdraw one. Those who work on the referral (its link worker, the team's managers)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_referral.actions import consents
from linkwork_referral.actions.commands import RecordConsent, WithdrawConsent
from linkwork_referral.api.deps import CaseWorker, StepOnReferral
from linkwork_referral.queries.consents import consents_of
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep, recorded
from linkwork_runtime.refusals import Conflict, NotFound
from linkwork_schemas.referral import ConsentPurpose

router = APIRouter(
    tags=["consents"], responses=refused(NotFound, Conflict), dependencies=[StepOnReferral]
)


@router.get("/referrals/{referral_id}/consents", summary="The person's current consents")
async def current(referral_id: str, who: CaseWorker, rt: RuntimeDep) -> dict[str, Any]:
    return await consents_of(rt.store, who, referral_id)


@router.post(
    "/referrals/{referral_id}/consents",
    status_code=201,
    summary="Record the person's consent to one purpose (ConsentRecorded)",
)
async def record(referral_id: str, body: RecordConsent, who: CaseWorker, rt: RuntimeDep) -> Any:
    return await recorded(rt, lambda tx: consents.record(tx, referral_id, who, body))


@router.post(
    "/referrals/{referral_id}/consents/{purpose}/withdraw",
    summary="The person withdraws a consent: every share needing it stops (ConsentWithdrawn)",
)
async def withdraw(
    referral_id: str,
    purpose: ConsentPurpose,
    who: CaseWorker,
    rt: RuntimeDep,
    body: WithdrawConsent | None = None,
) -> Any:
    how = body or WithdrawConsent()
    return await recorded(rt, lambda tx: consents.withdraw(tx, referral_id, purpose, who, how))
