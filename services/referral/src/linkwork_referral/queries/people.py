"""Finding people among the referrals a caller may read (see domain/people.py)."""

from __future__ import annotations

from typing import Any

from pymongo import DESCENDING

from linkwork_referral.domain import access, people
from linkwork_referral.store import Store
from linkwork_runtime.caller import Caller
from linkwork_runtime.paging import PageRequest, page_of


async def find_people(
    store: Store, who: Caller, q: str | None, paging: PageRequest
) -> dict[str, Any]:
    """The people matching `q` (everyone, without one) whose referrals the caller may read,
    most recently referred first, a page of them; `truncated` when more referrals matched
    than are grouped (then the search should be narrowed)."""
    query = people.parse(q)
    filters = {**query.filters(), **access.readable_by(who)}
    found = await store.referrals.find(
        filters,
        sort=[("received_at", DESCENDING), ("_id", DESCENDING)],
        limit=people.MOST_MATCHES + 1,
    )
    truncated = len(found) > people.MOST_MATCHES
    everyone = people.people(found[: people.MOST_MATCHES])
    window = everyone[paging.skip : paging.skip + paging.per_page]
    return page_of(window, len(everyone), paging, truncated=truncated)
