"""Journeys as their readers see them: a link worker their own, a manager their team's (see
domain/access.py). A journey the caller may not read is reported as not found."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from linkwork_journey.domain import access, care_record
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
    today = _today()
    return page_of((_shown(caller, item, today) for item in items), total, paging)


async def journey(store: Store, caller: Principal, journey_id: str) -> dict[str, Any]:
    """One journey with its history, its active risk flags first."""
    found = access.readable(caller, await store.journeys.get(journey_id), journey_id)
    return _shown(caller, found, _today())


async def flags_due_for_review(
    store: Store, caller: Principal, paging: PageRequest, *, link_worker: str | None = None
) -> dict[str, Any]:
    """Active risk flags whose review date has come, on the journeys the caller may read,
    the most overdue first: one item per flag, with its journey's ids and person."""
    filters = access.narrow(access.scope_of(caller), {"link_worker_id": link_worker})
    today = _today()
    found = [] if filters is None else await store.journeys.with_flags_due(filters, today)
    due = sorted(
        (
            {
                "journey_id": journey["_id"],
                "referral_id": journey["referral_id"],
                "link_worker_id": journey["link_worker_id"],
                "team_id": journey.get("team_id"),
                "person": journey.get("person"),
                "flag": flag,
            }
            for journey in found
            for flag in journey.get("risk_flags", [])
            if care_record.due_for_review(flag, today)
        ),
        key=lambda item: (item["flag"]["review_on"], item["journey_id"]),
    )
    window = due[paging.skip : paging.skip + paging.per_page]
    return page_of(window, len(due), paging)


def _shown(caller: Principal, journey: dict[str, Any], today: date) -> dict[str, Any]:
    return view(care_record.presented(caller, journey, today), "journey_id")


def _today() -> date:
    return datetime.now(UTC).date()
