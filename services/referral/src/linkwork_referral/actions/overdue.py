"""The first-contact deadline: ReferralContactOverdue once per referral. The flag and its
event commit in one transaction, so a second pass, a restart or another replica never raises
it twice (the job in `jobs.py` runs this step on each referral past its deadline)."""

from __future__ import annotations

from linkwork_referral.store import Tx
from linkwork_runtime.mongo import Document
from linkwork_schemas.referral import ReferralContactOverdue, ReferralContactOverduePayload


async def raise_contact_overdue(tx: Tx, referral: Document) -> bool:
    """Raise the event for one referral past its deadline; False when it already was."""
    # The conditional flag is the "never twice": a second pass, or a replica's, finds it set.
    if not await tx.store.referrals.mark_overdue(referral["_id"]):
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
