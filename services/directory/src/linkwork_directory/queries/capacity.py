"""A service's places: how many it has, how many are taken and whether it is full."""

from __future__ import annotations

from typing import Any

from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.store import Store
from linkwork_runtime.refusals import NotFound


async def service_capacity(store: Store, service_id: str) -> dict[str, Any]:
    record = await store.services.get(service_id)
    if record is None:
        raise NotFound(f"no service {service_id!r}")
    return {"service_id": service_id, **Capacity.of(record).view()}
