"""The repository base: one MongoDB collection, optionally inside a transaction's session."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime import mongo
from linkwork_runtime.mongo import Document

Sort = Sequence[tuple[str, int]]


class Repository:
    collection_name: str

    def __init__(self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None):
        self._collection = db[self.collection_name]
        self._session = session

    async def get(self, id_: str) -> Document | None:
        return await self._collection.find_one({"_id": id_}, session=self._session)

    async def get_many(self, ids: Iterable[str]) -> dict[str, Document]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        cursor = self._collection.find({"_id": {"$in": wanted}}, session=self._session)
        return {doc["_id"]: doc async for doc in cursor}

    async def find(
        self,
        filters: Mapping[str, Any],
        *,
        sort: Sort = (("_id", ASCENDING),),
        skip: int = 0,
        limit: int = 0,
        projection: Mapping[str, Any] | None = None,
    ) -> list[Document]:
        cursor = self._collection.find(dict(filters), projection, session=self._session)
        cursor = cursor.sort(list(sort)).skip(skip)
        return await (cursor.limit(limit) if limit else cursor).to_list()

    async def page(
        self, filters: Mapping[str, Any], skip: int, limit: int, sort: Sort = (("_id", 1),)
    ) -> tuple[list[Document], int]:
        return await mongo.page(
            self._collection, filters, sort=sort, skip=skip, limit=limit, session=self._session
        )

    async def count(self, filters: Mapping[str, Any]) -> int:
        return await self._collection.count_documents(dict(filters), session=self._session)

    async def add(self, document: Document) -> None:
        await self._collection.insert_one(document, session=self._session)

    async def put(self, document: Document) -> None:
        """Insert or replace the whole document."""
        await self._collection.replace_one(
            {"_id": document["_id"]}, document, upsert=True, session=self._session
        )

    async def set(self, id_: str, fields: Mapping[str, Any]) -> None:
        await self._collection.update_one(
            {"_id": id_}, {"$set": dict(fields)}, session=self._session
        )

    async def remove(self, ids: Iterable[str]) -> None:
        wanted = sorted(set(ids))
        if wanted:
            await self._collection.delete_many({"_id": {"$in": wanted}}, session=self._session)
