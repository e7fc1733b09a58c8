"""The session behind a browser's cookie, if it is still live."""

from __future__ import annotations

from datetime import datetime

from linkwork_console.domain.identity import Identity
from linkwork_console.domain.sessions import Session
from linkwork_console.store import Store


async def live_session(store: Store, session_id: str, now: datetime) -> Session | None:
    document = await store.sessions.live(session_id, now)
    if document is None:
        return None
    return Session(
        id=document["_id"],
        identity=Identity.from_document(document["identity"]),
        token=document["token"],
        csrf=document["csrf"],
        expires_at=document["expires_at"],
    )
