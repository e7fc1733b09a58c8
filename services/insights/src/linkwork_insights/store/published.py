"""Published reports: each one's figures as they were when published, frozen."""

from __future__ import annotations

from pymongo import DESCENDING

from linkwork_runtime.repository import Repository


class Published(Repository):
    collection_name = "published"
    default_sort = (("published_at", DESCENDING),)
