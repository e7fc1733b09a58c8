"""Repository of postcode centroids (ONS / Code-Point Open files, and imported locations)."""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import ReplaceOne, UpdateOne

from linkwork_directory.domain.geo import Point
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Repository

POSTCODES = "postcodes"


class Postcodes(Repository):
    collection_name = POSTCODES

    async def load(self, rows: Sequence[Document]) -> None:
        """Insert or replace a batch of centroids (a file is the authority over locations)."""
        if rows:
            await self._collection.bulk_write(
                [ReplaceOne({"_id": row["_id"]}, row, upsert=True) for row in rows],
                ordered=False,
                session=self._session,
            )

    async def learn(self, postcode: str, district: str, sector: str, point: Point) -> None:
        """Remember where an imported location's postcode is, unless a file already says."""
        await self._collection.bulk_write(
            [
                UpdateOne(
                    {"_id": postcode},
                    {
                        "$setOnInsert": {
                            "district": district,
                            "sector": sector,
                            "source": "location",
                            "latitude": point.latitude,
                            "longitude": point.longitude,
                        }
                    },
                    upsert=True,
                )
            ],
            session=self._session,
        )

    async def centroid_of(self, field: str, value: str) -> Point | None:
        """The mean point of every known postcode in a sector or district."""
        cursor = await self._collection.aggregate(
            [
                {"$match": {field: value}},
                {
                    "$group": {
                        "_id": None,
                        "lat": {"$avg": "$latitude"},
                        "lon": {"$avg": "$longitude"},
                    }
                },
            ],
            session=self._session,
        )
        rows = await cursor.to_list()
        return (
            Point(rows[0]["lat"], rows[0]["lon"]) if rows and rows[0]["lat"] is not None else None
        )
