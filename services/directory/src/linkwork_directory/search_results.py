"""What a link worker sees of each service found: what it is, where, when, whether it has
room, and how its provider answers links (median reply time, acceptance rate)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from linkwork_directory.domain import needs
from linkwork_directory.domain.responsiveness import LinkOutcome, responsiveness
from linkwork_directory.search import Found, capacity_of
from linkwork_directory.store import Links, Locations, Organizations, TaxonomyTerms
from linkwork_runtime.mongo import Document

SERVICE_FIELDS = (
    "id",
    "name",
    "description",
    "status",
    "url",
    "email",
    "minimum_age",
    "maximum_age",
    "fees",
)


async def provider_responsiveness(
    db: AsyncDatabase[Document], organization_ids: set[str], since: datetime
) -> dict[str, dict[str, Any]]:
    outcomes: dict[str, list[LinkOutcome]] = {org: [] for org in organization_ids}
    for link in await Links(db).outcomes(organization_ids, since):
        outcomes[link["organization_id"]].append(
            LinkOutcome(link["status"], link["linked_at"], link.get("answered_at"))
        )
    return {org: responsiveness(found) for org, found in outcomes.items()}


async def results(
    db: AsyncDatabase[Document], page: list[Found], now: datetime, window_days: int
) -> list[dict[str, Any]]:
    services = [f.service for f in page]
    org_ids = {s["organization_id"] for s in services}
    organizations = await Organizations(db).get_many(org_ids)
    answers = await provider_responsiveness(db, org_ids, now - timedelta(days=window_days))
    locations = await Locations(db).get_many(f.nearest["location_id"] for f in page if f.nearest)
    terms = await TaxonomyTerms(db).get_many(t for s in services for t in s["term_ids"])
    shown = []
    for item in page:
        record = item.service
        org = organizations.get(record["organization_id"], {"oruk": {}})
        place = locations.get(item.nearest["location_id"]) if item.nearest else None
        shown.append(
            {
                "service": {k: record["oruk"][k] for k in SERVICE_FIELDS if k in record["oruk"]},
                "organization": {"id": record["organization_id"], "name": org["oruk"].get("name")},
                "needs": sorted({_term_name(t, terms) for t in record["term_ids"]} - {""}),
                "distance_m": None if item.distance_m is None else round(item.distance_m),
                "nearest_location": None
                if place is None
                else {
                    "service_at_location_id": item.nearest["_id"] if item.nearest else None,
                    "name": place["oruk"].get("name"),
                    "postcode": place.get("postcode"),
                },
                "schedules": [
                    {k: s[k] for k in ("byday", "opens_at", "closes_at", "description") if k in s}
                    for s in record["oruk"].get("schedules", [])
                ],
                "capacity": capacity_of(record),
                "provider": answers[record["organization_id"]],
            }
        )
    return shown


def _term_name(term_id: str, terms: dict[str, Document]) -> str:
    known = terms.get(term_id)
    if known is not None:
        return str(known["oruk"].get("name") or known["oruk"].get("term") or "")
    return needs.name_of_term(term_id) or ""
