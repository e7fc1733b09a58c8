"""A link worker's and a manager's changes to a referral, sent to the referral service."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


def _path(referral_id: str, step: str) -> str:
    return f"/referrals/{referral_id}/{step}"


async def record_contact_attempt(
    backends: Backends, session: Session, referral_id: str, attempt: dict[str, Any]
) -> Any:
    body = {k: v for k, v in attempt.items() if v not in (None, "")}
    return await backends.referral.post(_path(referral_id, "contact-attempts"), session.token, body)


async def accept(backends: Backends, session: Session, referral_id: str) -> Any:
    return await backends.referral.post(_path(referral_id, "accept"), session.token)


async def decline(backends: Backends, session: Session, referral_id: str, reason: str) -> Any:
    body = {"reason": reason}
    return await backends.referral.post(_path(referral_id, "decline"), session.token, body)


async def withdraw(backends: Backends, session: Session, referral_id: str, reason: str) -> Any:
    body = {"reason": reason}
    return await backends.referral.post(_path(referral_id, "withdraw"), session.token, body)


async def review_duplicate(
    backends: Backends, session: Session, referral_id: str, distinct: bool
) -> Any:
    body = {"distinct": distinct}
    return await backends.referral.post(_path(referral_id, "duplicate-review"), session.token, body)


async def reassign(
    backends: Backends, session: Session, referral_id: str, link_worker_id: str
) -> Any:
    body = {"link_worker_id": link_worker_id}
    return await backends.referral.post(_path(referral_id, "reassign"), session.token, body)
