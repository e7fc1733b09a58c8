"""HTTP for directory managers (and providers, for their own services' capacity): list,
replace and withdraw services, set capacity. Bodies are ORUK services; missing ids are made."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict, Field

from linkwork_directory.actions import capacity, listing
from linkwork_directory.api.deps import Anyone, DirectoryManager, ServiceManager, StoreDep
from linkwork_directory.oruk.feed import FeedError, parse_object, with_ids
from linkwork_directory.oruk.models import Service
from linkwork_directory.queries.capacity import service_capacity
from linkwork_directory.queries.oruk_documents import service_document
from linkwork_runtime.access import Party, Refused, confined, unconfined
from linkwork_runtime.answers import refused
from linkwork_runtime.http import RuntimeDep
from linkwork_runtime.refusals import Conflict, NotFound, Unprocessable

router = APIRouter(tags=["directory management"])
LISTINGS = [unconfined("directory managers keep every organisation's listings")]
ServiceBody = Annotated[dict[str, Any], Body(description="An ORUK service (ids may be left out)")]


class Withdrawal(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


class CapacityChange(BaseModel):
    model_config = ConfigDict(extra="forbid")
    capacity_total: int | None = Field(
        ge=0, description="Places for new people; null: not counted (never full)"
    )


def parse_service(body: dict[str, Any]) -> Service:
    try:
        service, _ = parse_object(with_ids(body), "$", "service")
    except FeedError as exc:
        raise Unprocessable(exc.message, where=exc.where) from None
    assert isinstance(service, Service)
    return service


@router.post(
    "/services",
    status_code=201,
    summary="List a new service",
    responses=refused(Conflict),
    dependencies=LISTINGS,
)
async def create(body: ServiceBody, _: DirectoryManager, rt: RuntimeDep) -> Any:
    service = parse_service(body)
    await rt.uow.run(lambda tx: listing.list_service(tx, service))
    return await service_document(rt.store, service.id)


@router.put(
    "/services/{service_id}",
    summary="Replace a service (ServiceUpdated)",
    responses=refused(NotFound),
    dependencies=LISTINGS,
)
async def replace(service_id: str, body: ServiceBody, _: DirectoryManager, rt: RuntimeDep) -> Any:
    service = parse_service({"id": service_id, **body})
    await rt.uow.run(lambda tx: listing.replace_service(tx, service_id, service))
    return await service_document(rt.store, service_id)


@router.post(
    "/services/{service_id}/withdraw",
    summary="Withdraw a service from the directory",
    responses=refused(NotFound, Conflict),
    dependencies=LISTINGS,
)
async def withdraw(service_id: str, body: Withdrawal, _: DirectoryManager, rt: RuntimeDep) -> Any:
    await rt.uow.run(lambda tx: listing.withdraw_service(tx, service_id, body.reason))
    return await service_document(rt.store, service_id)


@router.put(
    "/services/{service_id}/capacity",
    summary="Set how many people it can take",
    responses=refused(NotFound),
    # A service is open data: refusing another organisation's provider reveals nothing.
    dependencies=[confined(Refused.FORBIDDEN, provider=Party.ORGANISATION)],
)
async def set_capacity(
    service_id: str, body: CapacityChange, who: ServiceManager, rt: RuntimeDep
) -> dict[str, Any]:
    view = await rt.uow.run(
        lambda tx: capacity.set_capacity(tx, service_id, body.capacity_total, who)
    )
    return {"service_id": service_id, **view}


@router.get(
    "/services/{service_id}/capacity",
    summary="Places taken and free",
    responses=refused(NotFound),
    dependencies=[unconfined("a service's places are as open as the service")],
)
async def get_capacity(service_id: str, _: Anyone, store: StoreDep) -> dict[str, Any]:
    return await service_capacity(store, service_id)
