"""Sessions: who is signed in on a browser, their access token (which never reaches the
page), the form token that guards their changes, and when the session ends."""

from __future__ import annotations

from datetime import datetime

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

SESSIONS = "sessions"


class Sessions(Repository):
    collection_name = SESSIONS

    async def live(self, session_id: str, now: datetime) -> Document | None:
        """The session, if it has not ended (the TTL index removes ended ones later)."""
        return await self.find_one({"_id": session_id, "expires_at": {"$gt": now}})

    async def end(self, session_id: str) -> None:
        await self.remove([session_id])
