"""Repositories of unmet needs and of import runs (what a feed brought and what it lacked)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

UNMET_NEEDS = "unmet_needs"
IMPORTS = "imports"


class UnmetNeeds(Repository):
    collection_name = UNMET_NEEDS

    async def counts(
        self, since: datetime, until: datetime, filters: dict[str, Any]
    ) -> list[Document]:
        """Counts by need, area and age band of the needs recorded in [since, until)."""
        cursor = await self._collection.aggregate(
            [
                {"$match": {"recorded_at": {"$gte": since, "$lt": until}, **filters}},
                {
                    "$group": {
                        "_id": {"need": "$need_domain", "area": "$area", "band": "$age_band"},
                        "count": {"$sum": 1},
                    }
                },
            ],
            session=self._session,
        )
        return [
            {
                "need_domain": row["_id"]["need"],
                "area": row["_id"]["area"],
                "age_band": row["_id"]["band"],
                "count": row["count"],
            }
            async for row in cursor
        ]


class ImportRuns(Repository):
    collection_name = IMPORTS
