"""HTTP routes of the referral service (thin: parse, authorise, read or delegate)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from linkwork_referral.store import Referrals
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime

router = APIRouter(tags=["referrals"])
Reader = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.LINK_WORKER, Role.OPS))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def _view(doc: dict[str, Any]) -> dict[str, Any]:
    view = {"referral_id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}
    return view


@router.get("/referrals", summary="List referrals, newest first")
async def list_referrals(
    _: Reader,
    runtime: RuntimeDep,
    status: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    filters = {"status": status} if status else {}
    items, total = await Referrals(runtime.db).page(filters, (page - 1) * per_page, per_page)
    return {"total": total, "page": page, "per_page": per_page, "items": [_view(i) for i in items]}


@router.get("/referrals/{referral_id}", summary="One referral with its history")
async def get_referral(referral_id: str, _: Reader, runtime: RuntimeDep) -> dict[str, Any]:
    doc = await Referrals(runtime.db).get(referral_id)
    if doc is None:
        raise HTTPException(404, {"error": "not_found", "message": f"no referral {referral_id!r}"})
    return _view(doc)
