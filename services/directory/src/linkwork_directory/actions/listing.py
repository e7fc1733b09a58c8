"""What directory managers do to the directory: list a service, replace it, withdraw it.
Each is one transaction with its event."""

from __future__ import annotations

from linkwork_directory.actions.reference_objects import save_reference_objects
from linkwork_directory.actions.service_versions import save_service
from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.domain.records import service_at_location_record, service_oruk
from linkwork_directory.oruk.models import Service
from linkwork_directory.store import Tx
from linkwork_runtime.refusals import Conflict, NotFound, Unprocessable
from linkwork_schemas.directory import ServiceWithdrawn, ServiceWithdrawnPayload

MANUAL = "manual"


async def list_service(tx: Tx, service: Service) -> str:
    if await tx.store.services.get(service.id) is not None:
        raise Conflict(f"service {service.id} is already listed; PUT /services/{service.id}")
    return await _save(tx, service)


async def replace_service(tx: Tx, service_id: str, service: Service) -> str:
    if service.id != service_id:
        raise Unprocessable(
            f"the body's id {service.id} is not the path's {service_id}", where="id"
        )
    if await tx.store.services.get(service_id) is None:
        raise NotFound(f"no service {service_id!r}")
    return await _save(tx, service)


async def _save(tx: Tx, service: Service) -> str:
    bundle = Bundle()
    bundle.add(service, "$")
    owner = bundle.services[service.id][1]
    if owner not in bundle.organizations and not await tx.store.organizations.get(owner):
        raise Unprocessable(
            f"no organization {owner}; nest it in the service", where="organization_id"
        )
    await save_reference_objects(tx, bundle)
    oruk = {**service_oruk(service), "last_modified": tx.now.isoformat().replace("+00:00", "Z")}
    sals = [
        service_at_location_record(s, sid, lid)
        for s, sid, lid in bundle.service_at_locations.values()
        if sid == service.id
    ]
    outcome, _ = await save_service(tx, oruk, owner, sals, MANUAL, tx.now)
    return outcome


async def withdraw_service(tx: Tx, service_id: str, reason: str) -> None:
    record = await tx.store.services.get(service_id)
    if record is None:
        raise NotFound(f"no service {service_id!r}")
    if record.get("withdrawn_at"):
        raise Conflict(
            f"service {service_id} was already withdrawn on {record['withdrawn_at']:%Y-%m-%d}"
        )
    await tx.store.services.set(
        service_id,
        {
            "withdrawn_at": tx.now,
            "withdrawal_reason": reason,
            "oruk.status": "inactive",
            "updated_at": tx.now,
        },
    )
    await tx.record(
        ServiceWithdrawn,
        aggregate_id=service_id,
        payload=ServiceWithdrawnPayload(service_id=service_id, reason=reason),
    )
