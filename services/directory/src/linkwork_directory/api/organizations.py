"""HTTP for an organization's own view of the directory: its services with their places, for
its provider (organization_id claim) and directory managers. Not ORUK: the ORUK
`GET /services` stays as the standard has it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from linkwork_directory.api.deps import Paging, ServiceManager, StoreDep
from linkwork_directory.queries.organization_services import services_of
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.answers import refused
from linkwork_runtime.refusals import NotFound

router = APIRouter(tags=["directory management"])


@router.get(
    "/organizations/{organization_id}/services",
    summary="An organization's services with their places (its provider, directory managers)",
    responses=refused(NotFound),
    dependencies=[confined(Refused.NOT_FOUND, provider=Party.ORGANISATION)],
)
async def organization_services(
    organization_id: str, who: ServiceManager, store: StoreDep, paging: Paging
) -> dict[str, Any]:
    return await services_of(store, who, organization_id, paging)
