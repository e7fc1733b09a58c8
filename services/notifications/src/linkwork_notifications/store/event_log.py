"""Repository of the ops event log: the envelope of every event consumed, never a payload."""

from __future__ import annotations

from pymongo import DESCENDING

from linkwork_runtime.repository import Repository

EVENT_LOG = "event_log"


class EventLog(Repository):
    """Newest first; adding, reading and paging are the base repository's."""

    collection_name = EVENT_LOG
    default_sort = (("occurred_at", DESCENDING),)
