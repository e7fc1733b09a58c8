"""A session's life: how long it lasts, and when it has ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from linkwork_console.domain.identity import Identity


@dataclass(frozen=True)
class Session:
    """A signed-in browser. The token is the person's own, sent to the services on their
    behalf; it is kept here and never put in a page."""

    id: str
    identity: Identity
    token: str
    csrf: str
    expires_at: datetime

    def ended(self, now: datetime) -> bool:
        return now >= self.expires_at


def session_end(now: datetime, token_expires_at: datetime | None, hours: float) -> datetime:
    """A session ends when its token does, and after `hours` at the longest."""
    longest = now + timedelta(hours=hours)
    return min(longest, token_expires_at) if token_expires_at else longest
