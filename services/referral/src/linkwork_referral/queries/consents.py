"""The person's consents on a referral as they hold now (see domain/consents.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

from linkwork_referral.domain import access, consents
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.refusals import permitted
from linkwork_runtime.unit_of_work import utc_now


async def consents_of(store: Store, who: Caller, referral_id: str) -> dict[str, Any]:
    """404 when the caller may not see the referral; 403 when they see it but do not work on
    it; else its current consents and the history of every change to them."""
    found = permitted(
        await store.referrals.get(referral_id),
        "referral",
        referral_id,
        sees=partial(access.can_see, who),
        may=partial(access.can_work_on, who),
        who=who.sub,
    )
    changes = [line for line in found.get("history", []) if "purpose" in line]
    return {
        "referral_id": referral_id,
        "consents": consents.current(found.get("consents", {}), utc_now()),
        "changes": changes,
    }
