"""HTTP queries of journeys: a link worker reads their own, a manager their team's (see
domain/access.py). A journey the caller may not read is reported as not found."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query

from linkwork_journey.domain import access
from linkwork_journey.domain.journey import JourneyStatus
from linkwork_journey.store import Journeys, Timeline
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime

router = APIRouter(tags=["journeys"])
Reader = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def view(doc: dict[str, Any]) -> dict[str, Any]:
    return {"journey_id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}


def scope_of(principal: Principal) -> dict[str, Any]:
    scope = access.journey_scope(principal)
    if scope is None:
        raise HTTPException(403, {"error": "forbidden", "message": "you may not read journeys"})
    return scope


@router.get("/journeys", summary="Journeys you may read, newest first, with filters")
async def list_journeys(
    principal: Reader,
    runtime: RuntimeDep,
    link_worker: str | None = None,
    status: JourneyStatus | None = None,
    referral_id: str | None = None,
    page: Annotated[int, Query(ge=1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    asked = {
        "link_worker_id": link_worker,
        "status": status.value if status else None,
        "referral_id": referral_id,
    }
    filters = access.narrow(scope_of(principal), asked)
    items, total = (
        await Journeys(runtime.db).page(filters, (page - 1) * per_page, per_page)
        if filters is not None
        else ([], 0)
    )
    return {"total": total, "page": page, "per_page": per_page, "items": [view(i) for i in items]}


@router.get("/journeys/{journey_id}", summary="One journey with its history")
async def get_journey(journey_id: str, principal: Reader, runtime: RuntimeDep) -> dict[str, Any]:
    journey = await Journeys(runtime.db).get(journey_id)
    if journey is None or not access.can_read(principal, journey):
        raise HTTPException(404, {"error": "not_found", "message": f"no journey {journey_id!r}"})
    return view(journey)


@router.get("/journeys/{journey_id}/timeline", summary="One story: referral, journey, services")
async def journey_timeline(
    journey_id: str, principal: Reader, runtime: RuntimeDep
) -> dict[str, Any]:
    """The screen a link worker opens before a call: every event of the referral, the journey
    and its service links, oldest first."""
    journey = await Journeys(runtime.db).get(journey_id)
    if journey is None or not access.can_read(principal, journey):
        raise HTTPException(404, {"error": "not_found", "message": f"no journey {journey_id!r}"})
    entries = await Timeline(runtime.db).for_referral(journey["referral_id"])
    return {
        "journey_id": journey_id,
        "referral_id": journey["referral_id"],
        "entries": [
            {"event_id": e["_id"], **{k: v for k, v in e.items() if k != "_id"}} for e in entries
        ],
    }
