"""Importing ORUK feeds: reference objects first (taxonomies, terms, organizations,
locations), then each service in a transaction of its own with its event. Importing the
same feed again changes nothing; a complete feed of a source reports the services it no
longer carries (never deleting them)."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from linkwork_directory.actions.reference_objects import save_reference_objects
from linkwork_directory.actions.service_versions import save_service
from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.domain.records import service_at_location_record, service_oruk
from linkwork_directory.oruk.feed import FeedError, Kind, parse_feed
from linkwork_directory.oruk.models import Service
from linkwork_directory.store import Store, Tx
from linkwork_runtime.refusals import Unprocessable
from linkwork_runtime.unit_of_work import UnitOfWork


def bundle_of(feed: Any, kind: Kind | None = None) -> Bundle:
    """Every object of an ORUK feed, each once; Unprocessable at the first problem's path."""
    bundle = Bundle()
    try:
        for item, where in parse_feed(feed, kind):
            bundle.add(item, where)
    except FeedError as exc:
        raise Unprocessable(exc.message, where=exc.where) from None
    return bundle


async def import_feed(
    uow: UnitOfWork[Store],
    bundle: Bundle,
    source: str | None,
    complete: bool = False,
    capacities: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Each object of the bundle saved, each service in a transaction of its own; what the
    import found is kept as its report. `capacities` (by service id) are given to services
    listed by this import."""
    now = uow.clock()
    await uow.run(functools.partial(save_reference_objects, bundle=bundle))
    services: dict[str, list[Any]] = {
        k: [] for k in ("listed", "updated", "unchanged", "kept_withdrawn")
    }
    for service, organization_id in bundle.services.values():
        outcome, changed = await uow.run(
            functools.partial(
                _save_service,
                bundle=bundle,
                service=service,
                organization_id=organization_id,
                source=source or "import",
                now=now,
                capacity=(capacities or {}).get(service.id),
            )
        )
        entry = {"id": service.id, "changed_fields": changed} if changed else service.id
        services[outcome].append(entry)
    report = {
        "import_id": str(uuid.uuid4()),
        "source": source,
        "complete": complete,
        "imported_at": now,
        "counts": bundle.counts(),
        "services": services,
        "warnings": bundle.warnings,
        "disappeared": [],
    }
    return await uow.run(
        functools.partial(
            _finish, report=report, seen=set(bundle.services), source=source, complete=complete
        )
    )


async def _save_service(
    tx: Tx,
    *,
    bundle: Bundle,
    service: Service,
    organization_id: str,
    source: str,
    now: datetime,
    capacity: int | None,
) -> tuple[str, list[str]]:
    stored = await tx.store.services.get(service.id)
    oruk = service_oruk(service, stored["oruk"] if stored else None)
    sals = [
        service_at_location_record(sal, sid, lid)
        for sal, sid, lid in bundle.service_at_locations.values()
        if sid == service.id
    ]
    given = sals or "service_at_locations" in service.model_fields_set or stored is None
    chosen = sals if given else None
    return await save_service(tx, oruk, organization_id, chosen, source, now, capacity)


async def _finish(
    tx: Tx,
    *,
    report: dict[str, Any],
    seen: set[str],
    source: str | None,
    complete: bool,
) -> dict[str, Any]:
    if complete and source:
        services = tx.store.services
        for doc in await services.from_source(source):
            if doc["_id"] in seen:
                continue
            since = doc.get("missing_from_feed_since") or report["imported_at"]
            if not doc.get("missing_from_feed_since"):
                await services.set(doc["_id"], {"missing_from_feed_since": since})
            report["disappeared"].append(
                {"id": doc["_id"], "name": doc["oruk"]["name"], "missing_since": since}
            )
    await tx.store.import_runs.add({"_id": report["import_id"], **report})
    return report
