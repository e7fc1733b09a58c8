"""A service's places: set by a directory manager (or the provider, for its own services),
taken when a provider accepts a link, given back when the link ends. Every change of a
counted total is announced (ServiceCapacityChanged)."""

from __future__ import annotations

from typing import Any

from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.domain.organizations import manages
from linkwork_directory.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_runtime.refusals import NotFound, NotPermitted
from linkwork_schemas.directory import ServiceCapacityChanged, ServiceCapacityChangedPayload


async def set_capacity(
    tx: Tx, service_id: str, total: int | None, principal: Principal
) -> dict[str, Any]:
    record = await tx.store.services.get(service_id)
    if record is None:
        raise NotFound(f"no service {service_id!r}")
    if not manages(principal, record["organization_id"]):
        raise NotPermitted(f"{principal.sub} may not set the capacity of service {service_id}")
    capacity = Capacity(total, record["capacity"]["in_use"])
    await record_capacity(tx, service_id, capacity)
    return capacity.view()


async def give_back_place(tx: Tx, service_id: str) -> None:
    service = await tx.store.services.get(service_id)
    assert service is not None  # services are never deleted
    await recount(tx, service_id, Capacity.of(service).giving_back_one())


async def recount(tx: Tx, service_id: str, capacity: Capacity) -> None:
    """The places in use changed: stored, and announced when the service counts its places."""
    if capacity.total is None:  # not counted against a total: no capacity news to tell
        await tx.store.services.set(service_id, {"capacity.in_use": capacity.in_use})
    else:
        await record_capacity(tx, service_id, capacity)


async def record_capacity(tx: Tx, service_id: str, capacity: Capacity) -> None:
    """Store a service's capacity and announce it (ServiceCapacityChanged)."""
    await tx.store.services.set(
        service_id, {"capacity": {"total": capacity.total, "in_use": capacity.in_use}}
    )
    await tx.record(
        ServiceCapacityChanged,
        aggregate_id=service_id,
        payload=ServiceCapacityChangedPayload(
            service_id=service_id,
            capacity_total=capacity.total,
            capacity_available=capacity.available,
        ),
    )
