"""What a page's live connection carries: an event name the page's parts listen for, its
data, and the feed's id (so a reconnecting page resumes where it was)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LiveEvent:
    event: str
    data: dict[str, Any]
    id: str | None = None


# A handler of the live feed: (event name, data, id) -> what the page gets, or nothing.
FeedHandler = Callable[[str, str, str | None], LiveEvent | None]


# The page's last message when its session has ended (signed out, or the token expired).
SESSION_ENDED = LiveEvent(
    "expired", {"message": "Your session has ended. Sign in again to carry on where you were."}
)
