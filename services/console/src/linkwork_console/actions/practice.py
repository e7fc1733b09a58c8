"""A practice's change to a referral it made: withdrawing it, sent to the referral service."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


async def withdraw(backends: Backends, session: Session, referral_id: str, reason: str) -> Any:
    body = {"reason": reason}
    return await backends.referral.post(f"/referrals/{referral_id}/withdraw", session.token, body)
