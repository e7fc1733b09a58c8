"""Link workers with their capacity, as each caller may see them."""

from __future__ import annotations

from functools import partial
from typing import Any

from linkwork_referral.domain import link_workers
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.http import view
from linkwork_runtime.refusals import permitted


async def list_link_workers(store: Store, who: Caller) -> dict[str, Any]:
    found = await store.link_workers.find(link_workers.visible_to(who))
    return {"items": [shown(document) for document in found]}


async def link_worker(store: Store, who: Caller, link_worker_id: str) -> dict[str, Any]:
    """One link worker's record and capacity; 404 for someone the caller may not see."""
    sees = partial(link_workers.may_see, who)
    found = await store.link_workers.get(link_worker_id)
    return shown(permitted(found, "link worker", link_worker_id, sees=sees, may=sees, who=who.sub))


async def link_worker_as_now(
    store: Store, link_worker_id: str, written: dict[str, Any]
) -> dict[str, Any]:
    """The link worker as a change left them (as `written`, should they be gone already)."""
    return shown(await store.link_workers.get(link_worker_id) or written)


def shown(document: dict[str, Any]) -> dict[str, Any]:
    return {
        **view(document, "link_worker_id"),
        "spare": document["caseload_cap"] - document["open_caseload"],
    }
