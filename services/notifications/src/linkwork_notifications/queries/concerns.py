"""The safeguarding concerns a caller answers for (their team's, as a manager or a lead, and
those of no team), the newest first, of one status if asked."""

from __future__ import annotations

from typing import Any

from linkwork_notifications.domain.concerns import (
    answered_filter,
    concern_view,
    teams_answered_for,
)
from linkwork_notifications.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.paging import PageRequest, page_of


async def answered_by(
    store: Store, caller: Caller, status: str | None, paging: PageRequest
) -> dict[str, Any]:
    teams = teams_answered_for(caller, await store.recipients.get(caller.sub))
    filters = answered_filter(teams)
    if status:
        filters = {"$and": [filters, {"status": status}]}
    items, total = await store.concerns.page(filters, paging.skip, paging.per_page)
    return page_of(map(concern_view, items), total, paging)
