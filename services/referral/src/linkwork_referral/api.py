"""HTTP queries of the referral service: referrals with their history, and caseloads.
Everyone sees only what their role allows (see domain/access.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from linkwork_referral.domain import access
from linkwork_referral.domain.lifecycle import ON_CASELOAD
from linkwork_referral.store import LinkWorkers, Referrals
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime

router = APIRouter(tags=["referrals"])
Reader = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.LINK_WORKER, Role.PRACTICE))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def view(doc: dict[str, Any]) -> dict[str, Any]:
    return {"referral_id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}


def not_found(what: str) -> HTTPException:
    return HTTPException(404, {"error": "not_found", "message": f"no {what}"})


def scope_of(principal: Principal) -> dict[str, Any]:
    scope = access.referral_scope(principal)
    if scope is None:
        raise HTTPException(
            403, {"error": "forbidden", "message": "a practice token needs an ods_code claim"}
        )
    return scope


@router.get("/referrals", summary="Referrals you may see, newest first, with filters")
async def list_referrals(
    principal: Reader,
    runtime: RuntimeDep,
    status: str | None = None,
    link_worker: str | None = None,
    practice: Annotated[str | None, Query(description="ODS code of the referrer")] = None,
    received_from: datetime | None = None,
    received_to: datetime | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    wanted: dict[str, Any] = {
        "status": status,
        "link_worker_id": link_worker,
        "referrer.ods_code": practice,
    }
    filters = {k: v for k, v in wanted.items() if v} | scope_of(principal)
    window = {k: v for k, v in (("$gte", received_from), ("$lt", received_to)) if v}
    if window:
        filters["received_at"] = window
    items, total = await Referrals(runtime.db).page(filters, (page - 1) * per_page, per_page)
    return {"total": total, "page": page, "per_page": per_page, "items": [view(i) for i in items]}


@router.get("/referrals/{referral_id}", summary="One referral with its full history")
async def get_referral(referral_id: str, principal: Reader, runtime: RuntimeDep) -> dict[str, Any]:
    doc = await Referrals(runtime.db).get(referral_id)
    if doc is None or not access.can_see(principal, doc):
        raise not_found(f"referral {referral_id!r}")
    return view(doc)


@router.get("/link-workers/{link_worker_id}/caseload", summary="A link worker's caseload")
async def caseload(
    link_worker_id: str,
    principal: Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.LINK_WORKER))],
    runtime: RuntimeDep,
) -> dict[str, Any]:
    worker = await LinkWorkers(runtime.db).get(link_worker_id)
    if worker is None or not _may_see_worker(principal, worker):
        raise not_found(f"link worker {link_worker_id!r}")
    mine = {"link_worker_id": link_worker_id}
    counts = await Referrals(runtime.db).count_by_status(mine)
    open_filter = mine | {"status": {"$in": sorted(ON_CASELOAD)}}
    items, _ = await Referrals(runtime.db).page(open_filter, 0, 500)
    return {
        "link_worker_id": link_worker_id,
        "caseload_cap": worker["caseload_cap"],
        "open_caseload": worker["open_caseload"],
        "spare": worker["caseload_cap"] - worker["open_caseload"],
        "counts": counts,
        "open": [view(i) for i in items],
    }


def _may_see_worker(principal: Principal, worker: dict[str, Any]) -> bool:
    if principal.has(Role.MANAGER):
        return not principal.team_id or worker.get("team_id") == principal.team_id
    return bool(worker["_id"] == principal.sub)
