"""A manager's pages, read from the referral service together: the team dashboard (the
team's link workers and one page of referrals per status it lists) and one link worker
(their record and their caseload). The service answers only for the manager's own team."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from linkwork_console.backends import Backends, together
from linkwork_console.domain.sessions import Session
from linkwork_console.domain.team import (
    DUPLICATES,
    OVERDUE,
    UNASSIGNED,
    WAITING,
    Dashboard,
    Listed,
    WorkerLoad,
    caseload_rows,
    dashboard_of,
    path_id,
    worker_load,
)

# The most the referral service gives in one page; a list longer than that says so.
PER_PAGE = 200
# Each list as the referral service reads it, in the order the page shows it.
LISTS = {
    WAITING: {"status": "awaiting_capacity", "order": "waiting"},
    OVERDUE: {"overdue": "true", "order": "due"},
    DUPLICATES: {"status": "possible_duplicate", "order": "waiting"},
    UNASSIGNED: {"status": "received", "order": "waiting"},
}


@dataclass(frozen=True)
class LinkWorkerPage:
    worker: dict[str, Any]
    load: WorkerLoad
    caseload: Listed


async def team_dashboard(backends: Backends, session: Session, now: datetime) -> Dashboard:
    token = session.token
    workers, *pages = await asyncio.gather(
        backends.referral.get("/link-workers", token),
        *(
            backends.referral.get("/referrals", token, {**query, "per_page": PER_PAGE})
            for query in LISTS.values()
        ),
    )
    return dashboard_of(workers["items"], dict(zip(LISTS, pages, strict=True)), now)


async def link_worker(backends: Backends, session: Session, link_worker_id: str) -> dict[str, Any]:
    """The team's link worker (the service answers 404 for anyone else's)."""
    found: dict[str, Any] = await backends.referral.get(
        f"/link-workers/{path_id(link_worker_id)}", session.token
    )
    return found


async def link_worker_page(
    backends: Backends, session: Session, link_worker_id: str, now: datetime
) -> LinkWorkerPage:
    worker, caseload = await together(
        link_worker(backends, session, link_worker_id),
        backends.referral.get(f"/link-workers/{path_id(link_worker_id)}/caseload", session.token),
    )
    rows = caseload_rows(caseload, now)
    return LinkWorkerPage(worker, worker_load(worker), Listed(rows, len(rows)))


async def catchment(backends: Backends, session: Session) -> dict[str, Any]:
    """The manager's own team's postcode catchment (none without a team)."""
    team_id = session.identity.team_id
    if not team_id:
        return {"entries": [], "kinds": {}}
    found: dict[str, Any] = await backends.referral.get(
        f"/teams/{path_id(team_id)}/catchment", session.token
    )
    return found
