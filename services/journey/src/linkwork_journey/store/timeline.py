"""Timeline entries: one line per event of a referral's story, its journey and its links."""

from __future__ import annotations

from pymongo import ASCENDING

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository


class Timeline(Repository):
    collection_name = "timeline_entries"
    default_sort = (("occurred_at", ASCENDING),)

    async def for_referral(self, referral_id: str) -> list[Document]:
        """The referral's story, oldest first."""
        return await self.find({"referral_id": referral_id})
