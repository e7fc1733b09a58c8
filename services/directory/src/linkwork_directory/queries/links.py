"""Links as their parties see them: a link worker their own, a manager their team's, a
provider the links to its own services. A link the caller may not see is not found."""

from __future__ import annotations

from typing import Any

from linkwork_directory.domain.links import LinkStatus, can_see, link_scope
from linkwork_directory.store import Store
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest, page_of
from linkwork_runtime.refusals import NotPermitted, permitted

NEWEST_FIRST = (("linked_at", -1),)


def link_view(link: Document) -> dict[str, Any]:
    return {k: v for k, v in link.items() if k not in {"_id", "expired"}}


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
    return page_of([link_view(i) for i in items], total, paging)


async def link_seen_by(store: Store, who: Principal, link_id: str) -> dict[str, Any]:
    def sees(link: Document) -> bool:
        return can_see(who, link)

    found = permitted(
        await store.links.get(link_id), "link", link_id, sees=sees, may=sees, who=who.sub
    )
    return link_view(found)


async def link_now(store: Store, link_id: str) -> dict[str, Any]:
    """The link as it is after a step its caller was allowed to take."""
    link = await store.links.get(link_id)
    return link_view(link or {"link_id": link_id})
