"""Links nobody answered: ServiceLinkExpired once per link, from a worker whose state lives
in the database (the link's conditional status change), so a restart, a second pass or
another replica never expires a link twice, and an answer racing the timer has one winner."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog

from linkwork_directory.link_outcomes import expire
from linkwork_directory.store import Links
from linkwork_runtime.scheduling import once_each
from linkwork_runtime.service import Runtime

log = structlog.get_logger(__name__)


async def expire_unanswered(runtime: Runtime, now: datetime | None = None) -> int:
    """One pass: expire every pending link whose answer was due by `now`."""
    due = await Links(runtime.db).unanswered_by(now or datetime.now(UTC), limit=200)
    return await once_each(runtime, due, expire)
