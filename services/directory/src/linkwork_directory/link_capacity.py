"""Places held by links: taken when a provider accepts, given back when the link ends; the
capacity change announced when the service counts its places."""

from __future__ import annotations

from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.listing import record_capacity
from linkwork_directory.store import Services
from linkwork_runtime.unit_of_work import Transaction


async def give_back_place(tx: Transaction, service_id: str) -> None:
    service = await Services(tx.db, tx.session).get(service_id)
    assert service is not None
    capacity = Capacity(service["capacity"]["total"], service["capacity"]["in_use"])
    await recount(tx, service_id, capacity.giving_back_one())


async def recount(tx: Transaction, service_id: str, capacity: Capacity) -> None:
    if capacity.total is None:  # not counted against a total: no capacity news to tell
        await Services(tx.db, tx.session).set(service_id, {"capacity.in_use": capacity.in_use})
    else:
        await record_capacity(tx, service_id, capacity)
