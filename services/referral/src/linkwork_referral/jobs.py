"""The referral service's timers: the first-contact deadline, checked every few seconds.
Each pass reads what is due and acts on each referral in its own transaction (see
`actions/overdue.py` for why that is safe across restarts and replicas)."""

from __future__ import annotations

from datetime import datetime

from linkwork_referral.actions.overdue import raise_contact_overdue
from linkwork_referral.store import Store
from linkwork_runtime.scheduling import once_each
from linkwork_runtime.service import Runtime

OVERDUE_PER_PASS = 200


async def raise_overdue(runtime: Runtime[Store], now: datetime | None = None) -> int:
    """One pass: raise the event for every referral past its deadline with no contact."""
    due = await runtime.store.referrals.contact_overdue(
        now or runtime.uow.clock(), limit=OVERDUE_PER_PASS
    )
    return await once_each(runtime, due, raise_contact_overdue)
