"""The risk flags due for review on a link worker's caseload or a manager's team, from the
journey service. A part of those pages: when the journey service is away the rest of the
page still shows (the caseload needs only the referral service), saying this part is missing."""

from __future__ import annotations

from datetime import date

from linkwork_console.backends import Backends, BackendUnavailable
from linkwork_console.domain.flags_due import FlagsDue, flags_due_of
from linkwork_console.domain.sessions import Session

SHOWN = 50  # the most overdue first; the rest are counted


async def flags_due(
    backends: Backends, session: Session, today: date, *, link_worker: str | None = None
) -> FlagsDue | None:
    """None: the journey service did not answer."""
    query = {"link_worker": link_worker, "per_page": SHOWN}
    try:
        answer = await backends.journey.get("/risk-flags/due", session.token, query)
    except BackendUnavailable:
        return None
    return flags_due_of(answer, today)
