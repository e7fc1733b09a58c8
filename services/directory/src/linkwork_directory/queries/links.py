"""Links as their parties see them: a link worker their own, a manager their team's, a
provider the links to its own services, each with the person's first name and preferred
contact only while the person consents to share them with the provider. A link the caller may
not see is not found."""

from __future__ import annotations

from typing import Any

from linkwork_directory.domain.links import LinkStatus, can_see, link_scope
from linkwork_directory.domain.provider_share import consents_to_share, shared_view
from linkwork_directory.store import Store
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest, page_of
from linkwork_runtime.refusals import NotPermitted, permitted
from linkwork_runtime.unit_of_work import utc_now

NEWEST_FIRST = (("linked_at", -1),)


def link_view(link: Document, sharing: Document | None = None) -> dict[str, Any]:
    """The link, and what it says of the person (`person` only with their consent, and who
    makes the introduction): `sharing` from `what_is_shared`."""
    shown = {k: v for k, v in link.items() if k not in {"_id", "expired"}}
    return shown | (sharing or shared_view(None, consented=False))


async def shown(store: Store, links: list[Document]) -> list[dict[str, Any]]:
    """Links as their parties see them, with what the person consents to share now: two reads
    for a page (the journeys', the consents')."""
    journeys = await store.journeys.for_providers(link["journey_id"] for link in links)
    referral_ids = [j["referral_id"] for j in journeys.values() if j["referral_id"]]
    consents = await store.consents.to_share(referral_ids)
    now = utc_now()
    views = []
    for link in links:
        journey = journeys.get(link["journey_id"], {})
        consent = consents.get(journey.get("referral_id") or "")
        sharing = shared_view(journey.get("person"), consents_to_share(consent, now))
        views.append(link_view(link, sharing))
    return views


async def links_page(
    store: Store,
    who: Principal,
    paging: PageRequest,
    *,
    status: LinkStatus | None = None,
    journey_id: str | None = None,
    service_id: str | None = None,
) -> dict[str, Any]:
    scope = link_scope(who)
    if scope is None:
        raise NotPermitted("a provider token needs an organization_id claim")
    wanted = {"status": status, "journey_id": journey_id, "service_id": service_id}
    filters = {k: v for k, v in wanted.items() if v} | scope
    items, total = await store.links.page(filters, paging.skip, paging.per_page, sort=NEWEST_FIRST)
    return page_of(await shown(store, items), total, paging)


async def link_seen_by(store: Store, who: Principal, link_id: str) -> dict[str, Any]:
    def sees(link: Document) -> bool:
        return can_see(who, link)

    found = permitted(
        await store.links.get(link_id), "link", link_id, sees=sees, may=sees, who=who.sub
    )
    (view,) = await shown(store, [found])
    return view


async def link_now(store: Store, link_id: str) -> dict[str, Any]:
    """The link as it is after a step its caller was allowed to take."""
    link = await store.links.get(link_id)
    if link is None:
        return link_view({"link_id": link_id})
    (view,) = await shown(store, [link])
    return view
