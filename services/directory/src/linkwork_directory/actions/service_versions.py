"""A new version of a service, from an import or a directory manager: listed when new
(ServiceListed), updated when a field changed (ServiceUpdated naming the fields), left
alone when nothing did. One transaction with its event."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from linkwork_directory.domain.changes import changed_fields, fingerprint
from linkwork_directory.domain.records import service_record
from linkwork_directory.store import Tx
from linkwork_directory.store.catalogue import ServiceAtLocations
from linkwork_runtime.mongo import Document
from linkwork_schemas.directory import (
    ServiceListed,
    ServiceListedPayload,
    ServiceUpdated,
    ServiceUpdatedPayload,
)

Outcome = Literal["listed", "updated", "unchanged", "kept_withdrawn"]
# Kept from the stored version whatever the new one says: the directory's own facts.
OWN_FIELDS = ("capacity", "source", "listed_at", "withdrawn_at", "withdrawal_reason")


def _comparable(record: Document) -> dict[str, Any]:
    oruk = {k: v for k, v in record["oruk"].items() if k != "last_modified"}
    return {**oruk, "service_at_locations": record.get("places")}


async def save_service(
    tx: Tx,
    oruk: dict[str, Any],
    organization_id: str,
    sals: list[Document] | None,
    source: str,
    now: datetime,
    capacity_total: int | None = None,
) -> tuple[Outcome, list[str]]:
    """`sals` None keeps the stored service-at-locations; a list replaces them.
    `capacity_total` is the capacity of a service listed now (a listed one keeps its own)."""
    services = tx.store.services
    stored = await services.get(oruk["id"])
    if stored is not None and stored.get("withdrawn_at") and source != "manual":
        return "kept_withdrawn", []
    places = tx.store.service_at_locations
    old_sals = await places.of_services([oruk["id"]])
    new_sals = old_sals if sals is None else sals
    record = await _record(tx, oruk, organization_id, new_sals)
    if stored is None:
        record.update(
            capacity={"total": capacity_total, "in_use": 0},
            source=source,
            listed_at=now,
            updated_at=now,
            withdrawn_at=None,
            missing_from_feed_since=None,
        )
        await services.add(record)
        await _replace_sals(places, [], new_sals)
        await tx.record(
            ServiceListed,
            aggregate_id=record["_id"],
            payload=ServiceListedPayload(
                service_id=record["_id"],
                organization_id=organization_id,
                name=oruk["name"],
                description=oruk.get("description"),
                taxonomy_terms=record["term_ids"],
                capacity_total=capacity_total,
            ),
        )
        return "listed", []
    changed = changed_fields(_comparable(stored), _comparable(record))
    if not changed:
        if stored.get("missing_from_feed_since"):
            await services.set(record["_id"], {"missing_from_feed_since": None})
        return "unchanged", []
    own = {k: stored.get(k) for k in OWN_FIELDS}
    await services.put({**record, **own, "updated_at": now, "missing_from_feed_since": None})
    await _replace_sals(places, old_sals, new_sals)
    await tx.record(
        ServiceUpdated,
        aggregate_id=record["_id"],
        payload=ServiceUpdatedPayload(
            service_id=record["_id"],
            name=oruk["name"],
            changed_fields=changed,
        ),
    )
    return "updated", changed


async def _record(
    tx: Tx, oruk: dict[str, Any], organization_id: str, sals: list[Document]
) -> Document:
    organization = await tx.store.organizations.get(organization_id)
    term_ids = [a["taxonomy_term_id"] for a in oruk.get("attributes", [])]
    terms = await tx.store.taxonomy_terms.get_many(term_ids)
    names = [t["oruk"].get("name") or t["oruk"].get("term") or "" for t in terms.values()]
    org_name = organization["oruk"]["name"] if organization else ""
    record = service_record(oruk, organization_id, org_name, names)
    locations = await tx.store.locations.get_many(s["location_id"] for s in sals)
    record["places"] = fingerprint(
        sorted(
            (
                s["_id"],
                s["location_id"],
                fingerprint(locations.get(s["location_id"], {}).get("oruk")),
            )
            for s in sals
        )
    )
    return record


async def _replace_sals(
    places: ServiceAtLocations, old: list[Document], new: list[Document]
) -> None:
    await places.remove({s["_id"] for s in old} - {s["_id"] for s in new})
    for sal in new:
        await places.put(sal)
