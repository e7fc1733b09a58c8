"""The referral service's timers: the first-contact deadline, checked every few seconds; and
at start, the name keys of referrals stored before name search.
Each pass reads what is due and acts on each referral in its own transaction (see
`actions/overdue.py` for why that is safe across restarts and replicas)."""

from __future__ import annotations

from datetime import datetime

import structlog

from linkwork_referral.actions.overdue import raise_contact_overdue
from linkwork_referral.domain import people
from linkwork_referral.store import Store
from linkwork_runtime.scheduling import once_each
from linkwork_runtime.service import Runtime

OVERDUE_PER_PASS = 200
NAME_KEYS_PER_PASS = 500
log = structlog.get_logger(__name__)


async def raise_overdue(runtime: Runtime[Store], now: datetime | None = None) -> int:
    """One pass: raise the event for every referral past its deadline with no contact."""
    due = await runtime.store.referrals.contact_overdue(
        now or runtime.uow.clock(), limit=OVERDUE_PER_PASS
    )
    return await once_each(runtime, due, raise_contact_overdue)


async def keep_name_keys(runtime: Runtime[Store]) -> None:
    """At start: give the referrals stored before name search (`GET /people`) their name
    keys, a batch at a time; idempotent, so a restart or a second replica only repeats it."""
    while True:
        missing = await runtime.store.referrals.find(
            {"name_keys": {"$exists": False}}, limit=NAME_KEYS_PER_PASS, projection={"person": 1}
        )
        if not missing:
            return
        keys = {found["_id"]: people.name_keys(found.get("person") or {}) for found in missing}
        await runtime.store.referrals.set_name_keys(keys)
        log.info("referral.name_keys_added", referrals=len(keys))
