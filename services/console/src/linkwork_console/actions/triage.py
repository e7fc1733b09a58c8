"""A manager routes a referral from triage to a team (and maybe one of its link workers)."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


async def route(
    backends: Backends, session: Session, referral_id: str, routing: dict[str, str]
) -> Any:
    return await backends.referral.post(f"/referrals/{referral_id}/route", session.token, routing)
