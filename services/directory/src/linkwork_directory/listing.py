"""What directory managers do to the directory: list a service, replace it, withdraw it, set
its capacity. Each is one transaction with its event."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.domain.records import service_at_location_record, service_oruk
from linkwork_directory.errors import Conflict, NotFound, NotPermitted, Unprocessable
from linkwork_directory.oruk.models import Service
from linkwork_directory.reference_objects import save_reference_objects
from linkwork_directory.service_versions import save_service
from linkwork_directory.store import Organizations, Services
from linkwork_runtime.auth import Principal, Role
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas.directory import (
    ServiceCapacityChanged,
    ServiceCapacityChangedPayload,
    ServiceWithdrawn,
    ServiceWithdrawnPayload,
)

MANUAL = "manual"


async def list_service(tx: Transaction, service: Service) -> str:
    if await Services(tx.db, tx.session).get(service.id) is not None:
        raise Conflict(f"service {service.id} is already listed; PUT /services/{service.id}")
    return await _save(tx, service)


async def replace_service(tx: Transaction, service_id: str, service: Service) -> str:
    if service.id != service_id:
        raise Unprocessable("id", f"the body's id {service.id} is not the path's {service_id}")
    if await Services(tx.db, tx.session).get(service_id) is None:
        raise NotFound(f"no service {service_id!r}")
    return await _save(tx, service)


async def _save(tx: Transaction, service: Service) -> str:
    bundle = Bundle()
    bundle.add(service, "$")
    owner = bundle.services[service.id][1]
    if owner not in bundle.organizations and not await Organizations(tx.db, tx.session).get(owner):
        raise Unprocessable("organization_id", f"no organization {owner}; nest it in the service")
    await save_reference_objects(tx, bundle)
    now = datetime.now(UTC)
    oruk = {**service_oruk(service), "last_modified": now.isoformat().replace("+00:00", "Z")}
    sals = [
        service_at_location_record(s, sid, lid)
        for s, sid, lid in bundle.service_at_locations.values()
        if sid == service.id
    ]
    outcome, _ = await save_service(tx, oruk, owner, sals, MANUAL, now)
    return outcome


async def withdraw_service(tx: Transaction, service_id: str, reason: str) -> None:
    services = Services(tx.db, tx.session)
    record = await services.get(service_id)
    if record is None:
        raise NotFound(f"no service {service_id!r}")
    if record.get("withdrawn_at"):
        raise Conflict(
            f"service {service_id} was already withdrawn on {record['withdrawn_at']:%Y-%m-%d}"
        )
    now = datetime.now(UTC)
    await services.set(
        service_id,
        {
            "withdrawn_at": now,
            "withdrawal_reason": reason,
            "oruk.status": "inactive",
            "updated_at": now,
        },
    )
    await tx.record(
        ServiceWithdrawn,
        aggregate_id=service_id,
        payload=ServiceWithdrawnPayload(service_id=service_id, reason=reason),
    )


def may_manage(principal: Principal, record: Document) -> bool:
    """Directory managers manage every service; a provider its own organization's."""
    return principal.has(Role.DIRECTORY_MANAGER) or (
        principal.has(Role.PROVIDER) and principal.organization_id == record["organization_id"]
    )


async def set_capacity(
    tx: Transaction, service_id: str, total: int | None, principal: Principal
) -> dict[str, Any]:
    services = Services(tx.db, tx.session)
    record = await services.get(service_id)
    if record is None:
        raise NotFound(f"no service {service_id!r}")
    if not may_manage(principal, record):
        raise NotPermitted(f"{principal.sub} may not set the capacity of service {service_id}")
    capacity = Capacity(total, record["capacity"]["in_use"])
    await record_capacity(tx, service_id, capacity)
    return capacity.view()


async def record_capacity(tx: Transaction, service_id: str, capacity: Capacity) -> None:
    """Store a service's capacity and announce it (ServiceCapacityChanged)."""
    await Services(tx.db, tx.session).set(
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
