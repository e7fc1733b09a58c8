"""A manager's triage page, read from the referral service: the referrals awaiting triage
(every manager's to route) and the manager's own team's link workers (to route to one), and
how many are waiting, for the header."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linkwork_console.backends import BackendRefused, Backends, together
from linkwork_console.domain.sessions import Session
from linkwork_console.domain.team import WorkerLoad, workers_of
from linkwork_console.domain.triage import Triage, routed_words, triage_of

# The most the referral service gives in one page; a longer list says so.
PER_PAGE = 100


async def triage_page(
    backends: Backends, session: Session, now: datetime
) -> tuple[Triage, list[WorkerLoad]]:
    waiting, workers = await together(
        backends.referral.get("/triage", session.token, {"per_page": PER_PAGE}),
        backends.referral.get("/link-workers", session.token),
    )
    active = [w for w in workers_of(workers["items"]) if w.active]
    return triage_of(waiting, now), active


async def awaiting_count(backends: Backends, session: Session) -> int:
    answer: dict[str, Any] = await backends.referral.get("/triage", session.token, {"per_page": 1})
    return int(answer.get("total", 0))


async def routed(
    backends: Backends, session: Session, referral_id: str, team_id: str, workers: list[WorkerLoad]
) -> str:
    """The banner after routing: the referral's status as now, when it is the manager's
    team's to read; else only where it went."""
    try:
        referral = await backends.referral.get(f"/referrals/{referral_id}", session.token)
    except BackendRefused as refused:
        if refused.status != 404:
            raise
        return f"Referral routed to team {team_id}"
    return routed_words(referral, {w.link_worker_id: w.name for w in workers})
