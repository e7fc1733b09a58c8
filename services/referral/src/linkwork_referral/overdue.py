"""The first-contact deadline: ReferralContactOverdue once per referral, from a worker whose
state lives in the database (so it survives restarts and runs safely on every replica)."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog

from linkwork_referral.store import Referrals
from linkwork_runtime.mongo import Document
from linkwork_runtime.scheduling import once_each
from linkwork_runtime.service import Runtime
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.referral import ReferralContactOverdue, ReferralContactOverduePayload

log = structlog.get_logger(__name__)


async def raise_overdue(runtime: Runtime, now: datetime | None = None) -> int:
    """One pass: raise the event for every referral past its deadline with no contact."""
    due = await Referrals(runtime.db).contact_overdue(now or datetime.now(UTC), limit=200)
    return await once_each(runtime, due, _raise_one)


async def _raise_one(tx: Transaction, referral: Document) -> bool:
    # The conditional flag is the "never twice": a second pass, or a replica's, finds it set.
    if not await Referrals(tx.db, tx.session).mark_overdue(referral["_id"]):
        return False
    await tx.record(
        ReferralContactOverdue,
        aggregate_id=referral["_id"],
        payload=ReferralContactOverduePayload(
            referral_id=referral["_id"],
            link_worker_id=referral["link_worker_id"],
            team_id=referral.get("team_id"),
            first_contact_due=referral["first_contact_due"].date(),
        ),
    )
    return True
