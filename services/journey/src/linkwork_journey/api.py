"""HTTP routes of the journey service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from linkwork_journey.store import Timeline
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime

router = APIRouter(tags=["timelines"])
Reader = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]


@router.get("/referrals/{referral_id}/timeline", summary="The story of a referral so far")
async def referral_timeline(
    referral_id: str, _: Reader, runtime: Annotated[Runtime, Depends(get_runtime)]
) -> dict[str, Any]:
    entries = await Timeline(runtime.db).for_referral(referral_id)
    return {
        "referral_id": referral_id,
        "entries": [
            {k: v for k, v in entry.items() if k != "_id"} | {"event_id": entry["_id"]}
            for entry in entries
        ],
    }
