"""What a link worker sees of a search: each service found, what it is, where, when, whether
it has room, and how its provider answers links (median reply time, acceptance rate)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from linkwork_directory.domain import needs
from linkwork_directory.domain.capacity import Capacity
from linkwork_directory.domain.responsiveness import LinkOutcome, responsiveness
from linkwork_directory.oruk.page import page
from linkwork_directory.queries.search import Found, find_services
from linkwork_directory.queries.search_parameters import SearchParameters
from linkwork_directory.store import Store
from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest

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
    store: Store, organization_ids: set[str], since: datetime
) -> dict[str, dict[str, Any]]:
    outcomes: dict[str, list[LinkOutcome]] = {org: [] for org in organization_ids}
    for link in await store.links.outcomes(organization_ids, since):
        outcomes[link["organization_id"]].append(
            LinkOutcome(link["status"], link["linked_at"], link.get("answered_at"))
        )
    return {org: responsiveness(found) for org, found in outcomes.items()}


async def results(
    store: Store, found: list[Found], now: datetime, window_days: int
) -> list[dict[str, Any]]:
    services = [f.service for f in found]
    org_ids = {s["organization_id"] for s in services}
    organizations = await store.organizations.get_many(org_ids)
    answers = await provider_responsiveness(store, org_ids, now - timedelta(days=window_days))
    nearest = (f.nearest["location_id"] for f in found if f.nearest)
    locations = await store.locations.get_many(nearest)
    terms = await store.taxonomy_terms.get_many(t for s in services for t in s["term_ids"])
    shown = []
    for item in found:
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
                "capacity": Capacity.of(record).view(),
                "provider": answers[record["organization_id"]],
            }
        )
    return shown


def _term_name(term_id: str, terms: dict[str, Document]) -> str:
    known = terms.get(term_id)
    if known is not None:
        return str(known["oruk"].get("name") or known["oruk"].get("term") or "")
    return needs.name_of_term(term_id) or ""


async def search_answer(
    store: Store, params: SearchParameters, paging: PageRequest, now: datetime, window_days: int
) -> dict[str, Any]:
    """A page of what the search finds (an ORUK page), with the centre it measured from; an
    empty one carries what to record as an unmet need."""
    found, centre = await find_services(store, params.search())
    shown = await results(store, paging.cut(found), now, window_days)
    answer = page(shown, len(found), paging)
    if centre is not None:
        answer["centre"] = {
            "latitude": centre.point.latitude,
            "longitude": centre.point.longitude,
            "postcode": centre.postcode,
            "precision": centre.precision,
        }
    if not found:
        answer["unmet_need"] = {
            "message": "No suitable service: record the unmet need by POSTing this search "
            'to /unmet-needs as {"from_search": ...}',
            "from_search": params.model_dump(exclude_none=True),
        }
    return answer
