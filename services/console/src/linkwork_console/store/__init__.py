"""The console's own data: browser sessions, nothing else (the services own the rest)."""

from pymongo import ASCENDING, IndexModel

from linkwork_console.store.sessions import SESSIONS, Sessions
from linkwork_runtime.repository import Stores, repository

INDEXES = {
    # A session is gone from the database once it has ended.
    SESSIONS: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
}


class Store(Stores):
    """The console's repositories."""

    sessions = repository(Sessions)


__all__ = ["INDEXES", "Sessions", "Store"]
