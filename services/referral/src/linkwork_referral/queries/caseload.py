"""A link worker's caseload: their cap, the places taken and free, counts by status and the
referrals open on it."""

from __future__ import annotations

from functools import partial
from typing import Any

from linkwork_referral.domain import link_workers
from linkwork_referral.domain.lifecycle import ON_CASELOAD
from linkwork_referral.queries.referrals import shown
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.refusals import permitted

OPEN_SHOWN = 500  # the most open referrals one answer lists


async def caseload(store: Store, who: Caller, link_worker_id: str) -> dict[str, Any]:
    sees = partial(link_workers.may_see, who)
    found = await store.link_workers.get(link_worker_id)
    worker = permitted(found, "link worker", link_worker_id, sees=sees, may=sees, who=who.sub)
    mine = {"link_worker_id": link_worker_id}
    counts = await store.referrals.count_by_status(mine)
    open_filter = mine | {"status": {"$in": sorted(ON_CASELOAD)}}
    items, _ = await store.referrals.page(open_filter, 0, OPEN_SHOWN)
    return {
        "link_worker_id": link_worker_id,
        "caseload_cap": worker["caseload_cap"],
        "open_caseload": worker["open_caseload"],
        "spare": worker["caseload_cap"] - worker["open_caseload"],
        "counts": counts,
        "open": [shown(item, who) for item in items],
    }
