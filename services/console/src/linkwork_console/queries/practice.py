"""A practice's pages: the referrals it made (the referral service answers a practice only
its own), a page at a time, newest first; one of them (404 when it is another's)."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.practice import PER_PAGE, Listing, listing_of
from linkwork_console.domain.sessions import Session


async def referrals_made(backends: Backends, session: Session, page: int, status: str) -> Listing:
    params = {"page": max(page, 1), "per_page": PER_PAGE, "status": status}
    return listing_of(await backends.referral.get("/referrals", session.token, params))


async def referral(backends: Backends, session: Session, referral_id: str) -> dict[str, Any]:
    found: dict[str, Any] = await backends.referral.get(f"/referrals/{referral_id}", session.token)
    return found
