"""The safeguarding concerns a manager or a team's safeguarding lead answers for and nobody
has acknowledged yet, from the notifications service (it answers a link worker who is not a
lead with none). A part of the pages that show them: when the service is away the rest of the
page still shows, saying this part is missing."""

from __future__ import annotations

import asyncio

from linkwork_console.backends import BackendRefused, Backends, BackendUnavailable
from linkwork_console.domain.concerns import WAITING, Concern, waiting_of
from linkwork_console.domain.sessions import Session

PER_PAGE = 100


async def waiting(backends: Backends, session: Session) -> list[Concern] | None:
    """None: the notifications service did not answer."""
    try:
        pages = await asyncio.gather(
            *(
                backends.notifications.get(
                    "/safeguarding-concerns", session.token, {"status": s, "per_page": PER_PAGE}
                )
                for s in WAITING
            )
        )
    except BackendUnavailable:
        return None
    except BackendRefused as refused:
        if refused.status == 403:  # someone who answers for no team's concerns
            return []
        raise
    return waiting_of(pages)
