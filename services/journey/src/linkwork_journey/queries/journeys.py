"""Journeys as their readers see them: a link worker their own, a manager their team's (see
domain/access.py). A journey the caller may not read is reported as not found."""

from __future__ import annotations

from typing import Any

from linkwork_journey.domain import access
from linkwork_journey.domain.journey import JourneyStatus
from linkwork_journey.store import Store
from linkwork_runtime.auth import Principal
from linkwork_runtime.http import view
from linkwork_runtime.paging import PageRequest, page_of


async def page_of_journeys(
    store: Store,
    caller: Principal,
    paging: PageRequest,
    *,
    link_worker: str | None = None,
    status: JourneyStatus | None = None,
    referral_id: str | None = None,
) -> dict[str, Any]:
    """The journeys the caller may read that match what was asked, newest first."""
    asked = {
        "link_worker_id": link_worker,
        "status": status.value if status else None,
        "referral_id": referral_id,
    }
    filters = access.narrow(access.scope_of(caller), asked)
    items, total = (
        await store.journeys.page(filters, paging.skip, paging.per_page)
        if filters is not None
        else ([], 0)
    )
    return page_of((view(item, "journey_id") for item in items), total, paging)


async def journey(store: Store, caller: Principal, journey_id: str) -> dict[str, Any]:
    """One journey with its history."""
    found = access.readable(caller, await store.journeys.get(journey_id), journey_id)
    return view(found, "journey_id")
