"""The console's own data: browser sessions and sign-ins under way, nothing else (the
services own the rest)."""

from pymongo import ASCENDING, IndexModel

from linkwork_console.store.sessions import SESSIONS, Sessions
from linkwork_console.store.sign_ins import SIGN_INS, SignIns
from linkwork_runtime.repository import Stores, repository

INDEXES = {
    # A session is gone from the database once it has ended.
    SESSIONS: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
    SIGN_INS: [IndexModel([("expires_at", ASCENDING)], expireAfterSeconds=0)],
}


class Store(Stores):
    """The console's repositories."""

    sessions = repository(Sessions)
    sign_ins = repository(SignIns)


__all__ = ["INDEXES", "Sessions", "SignIns", "Store"]
