"""HTTP actions on a referral: contact attempts, accept, decline, withdraw, reassign,
duplicate review. Thin: each parses, runs one lifecycle step in a transaction, answers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from linkwork_referral import lifecycle
from linkwork_referral.api import view
from linkwork_referral.http_deps import RuntimeDep, SettingsDep
from linkwork_referral.lifecycle import ContactAttempt
from linkwork_referral.store import Referrals
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime

router = APIRouter(tags=["referral lifecycle"])
Worker = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
Withdrawer = Annotated[
    Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER, Role.PRACTICE))
]
Manager = Annotated[Principal, Depends(require_roles(Role.MANAGER))]


class Reason(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


class Reassignment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    link_worker_id: str = Field(min_length=1)


class DuplicateReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    distinct: bool = Field(description="true: a new case; false: the same as the open one")


async def _refetch(runtime: Runtime, referral_id: str) -> dict[str, Any]:
    doc = await Referrals(runtime.db).get(referral_id)
    return view(doc or {"_id": referral_id})


@router.post("/referrals/{referral_id}/contact-attempts", status_code=201)
async def contact(referral_id: str, body: ContactAttempt, who: Worker, rt: RuntimeDep) -> Any:
    await rt.uow.run(lambda tx: lifecycle.record_contact(tx, referral_id, who, body))
    return await _refetch(rt, referral_id)


@router.post("/referrals/{referral_id}/accept", summary="The person agrees to the service")
async def accept(referral_id: str, who: Worker, rt: RuntimeDep) -> Any:
    await rt.uow.run(lambda tx: lifecycle.accept(tx, referral_id, who))
    return await _refetch(rt, referral_id)


@router.post("/referrals/{referral_id}/decline", summary="The person declines")
async def decline(
    referral_id: str, body: Reason, who: Worker, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    await rt.uow.run(lambda tx: lifecycle.decline(tx, referral_id, who, body.reason, settings))
    return await _refetch(rt, referral_id)


@router.post("/referrals/{referral_id}/withdraw", summary="Withdraw the referral")
async def withdraw(
    referral_id: str, body: Reason, who: Withdrawer, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    await rt.uow.run(lambda tx: lifecycle.withdraw(tx, referral_id, who, body.reason, settings))
    return await _refetch(rt, referral_id)


@router.post("/referrals/{referral_id}/reassign", summary="Give the referral to another worker")
async def reassign(
    referral_id: str, body: Reassignment, who: Manager, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    await rt.uow.run(
        lambda tx: lifecycle.reassign(tx, referral_id, who, body.link_worker_id, settings)
    )
    return await _refetch(rt, referral_id)


@router.post("/referrals/{referral_id}/duplicate-review", summary="Resolve a possible duplicate")
async def review(
    referral_id: str, body: DuplicateReview, who: Worker, rt: RuntimeDep, settings: SettingsDep
) -> Any:
    await rt.uow.run(
        lambda tx: lifecycle.review_duplicate(tx, referral_id, who, body.distinct, settings)
    )
    return await _refetch(rt, referral_id)
