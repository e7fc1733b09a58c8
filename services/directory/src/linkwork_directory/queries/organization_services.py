"""An organization's services with their places, as its provider and directory managers see
them; another organization's provider is told there is no such organization."""

from __future__ import annotations

from typing import Any

from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.domain.organizations import manages
from linkwork_directory.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest, page_of
from linkwork_runtime.refusals import permitted


async def services_of(
    store: Store, who: Caller, organization_id: str, paging: PageRequest
) -> dict[str, Any]:
    """A page of the organization's services by name, withdrawn ones marked; 404 when the
    caller does not manage it (existence is not revealed)."""

    def sees(_: Document) -> bool:
        return manages(who, organization_id)

    found = await store.organizations.get(organization_id)
    organization = permitted(
        found, "organization", organization_id, sees=sees, may=sees, who=who.sub
    )
    items, total = await store.services.page_of_organization(
        organization_id, paging.skip, paging.per_page
    )
    return page_of(
        map(service_line, items),
        total,
        paging,
        organization_id=organization_id,
        organization_name=organization["oruk"].get("name"),
    )


def service_line(service: Document) -> dict[str, Any]:
    """One service: its id, name, ORUK status, places, and whether it was withdrawn."""
    return {
        "service_id": service["_id"],
        "name": service["oruk"]["name"],
        "status": service["oruk"].get("status"),
        **Capacity.of(service).view(),
        "withdrawn": service.get("withdrawn_at") is not None,
        "withdrawn_at": service.get("withdrawn_at"),
    }
