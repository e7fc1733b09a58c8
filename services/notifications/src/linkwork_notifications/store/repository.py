"""The base of the service's repositories: a collection, optionally bound to a transaction."""

from __future__ import annotations

from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime import mongo
from linkwork_runtime.mongo import Document


class Repository:
    collection_name: str

    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._db = db
        self._collection = db[self.collection_name]
        self._session = session

    async def get(self, id_: str) -> Document | None:
        return await self._collection.find_one({"_id": id_}, session=self._session)

    async def _page(
        self, filters: dict[str, Any], order: tuple[str, int], skip: int, limit: int
    ) -> tuple[list[Document], int]:
        return await mongo.page(
            self._collection, filters, sort=[order], skip=skip, limit=limit, session=self._session
        )
