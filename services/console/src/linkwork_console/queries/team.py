"""A manager's pages, read from the referral service together: the team dashboard (the
team's link workers and one page of referrals per status it lists) and one link worker
(their record and their caseload). The service answers only for the manager's own team."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from linkwork_console.backends import BackendRefused, Backends
from linkwork_console.domain.sessions import Session
from linkwork_console.domain.team import (
    LISTED,
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
            backends.referral.get("/referrals", token, {"status": status, "per_page": PER_PAGE})
            for status in LISTED
        ),
    )
    return dashboard_of(workers["items"], dict(zip(LISTED, pages, strict=True)), now)


async def link_worker(backends: Backends, session: Session, link_worker_id: str) -> dict[str, Any]:
    """The team's link worker (the referral service lists only the team's; there is no
    `GET /link-workers/{id}`): not found, as the service would say, when not one of them."""
    workers = (await backends.referral.get("/link-workers", session.token))["items"]
    found: dict[str, Any] | None = next(
        (w for w in workers if w["link_worker_id"] == link_worker_id), None
    )
    if found is None:
        missing = {"detail": {"error": "not_found", "message": "no such link worker"}}
        raise BackendRefused("referral", 404, missing)
    return found


async def link_worker_page(
    backends: Backends, session: Session, link_worker_id: str, now: datetime
) -> LinkWorkerPage:
    worker, caseload = await asyncio.gather(
        link_worker(backends, session, link_worker_id),
        backends.referral.get(f"/link-workers/{path_id(link_worker_id)}/caseload", session.token),
    )
    rows = caseload_rows(caseload, now)
    return LinkWorkerPage(worker, worker_load(worker), Listed(rows, len(rows)))
