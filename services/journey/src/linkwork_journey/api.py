"""The referral's story before and around its journey (`/referrals/{id}/timeline`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException

from linkwork_journey.domain import access
from linkwork_journey.store import Journeys, Timeline
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime

router = APIRouter(tags=["timelines"])
Reader = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]


@router.get("/referrals/{referral_id}/timeline", summary="The story of a referral so far")
async def referral_timeline(
    referral_id: str, principal: Reader, runtime: Annotated[Runtime, Depends(get_runtime)]
) -> dict[str, Any]:
    """Once a journey has started, whoever may read the journey; before that, managers."""
    journey = await Journeys(runtime.db).by_referral(referral_id)
    allowed = access.can_read(principal, journey) if journey else principal.has(Role.MANAGER)
    if not allowed:
        raise HTTPException(404, {"error": "not_found", "message": f"no referral {referral_id!r}"})
    entries = await Timeline(runtime.db).for_referral(referral_id)
    return {
        "referral_id": referral_id,
        "entries": [
            {k: v for k, v in entry.items() if k != "_id"} | {"event_id": entry["_id"]}
            for entry in entries
        ],
    }
