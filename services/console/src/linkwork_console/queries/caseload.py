"""A link worker's caseload page: her caseload and the possible duplicates she reviews, read
from the referral service together."""

from __future__ import annotations

import asyncio
from datetime import date

from linkwork_console.backends import Backends
from linkwork_console.domain.caseload import Caseload, caseload_of
from linkwork_console.domain.sessions import Session


async def caseload(backends: Backends, session: Session, today: date) -> Caseload:
    me = session.identity.sub
    answer, duplicates = await asyncio.gather(
        backends.referral.get(f"/link-workers/{me}/caseload", session.token),
        backends.referral.get(
            "/referrals",
            session.token,
            {"status": "possible_duplicate", "link_worker": me, "per_page": 200},
        ),
    )
    return caseload_of(answer, duplicates["items"], today)
