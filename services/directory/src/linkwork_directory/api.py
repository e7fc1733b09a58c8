"""HTTP routes of the directory service (Open Referral UK read API, public like ORUK feeds)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

router = APIRouter(tags=["oruk"])


@router.get("/", summary="ORUK API root: what this feed is and which profile it follows")
async def root() -> dict[str, Any]:
    return {
        "version": "3.0",
        "profile": "https://openreferraluk.org",
        "openapi_url": "/openapi.json",
    }
