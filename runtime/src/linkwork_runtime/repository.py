"""The repository base every service's store builds on, and the store that binds them.

A repository is one MongoDB collection, read directly (queries behind the API) or through a
transaction's session (actions and handlers). A service's `Store` lists its repositories with
`repository(...)`; the unit of work builds one bound to each transaction, so an action writes
`tx.store.referrals.add(...)` and never rebuilds a repository from `tx.db, tx.session`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Generic, TypeVar, overload

from pymongo import ASCENDING
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime import mongo
from linkwork_runtime.mongo import Document

Sort = Sequence[tuple[str, int]]
R = TypeVar("R", bound="Repository")


class Repository:
    """One collection, optionally bound to a transaction's session."""

    collection_name: ClassVar[str]
    default_sort: ClassVar[Sort] = (("_id", ASCENDING),)

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ) -> None:
        self._db = db
        self._collection: AsyncCollection[Document] = db[self.collection_name]
        self._session = session
        self._deferred: list[Document] = []

    async def get(self, id_: str) -> Document | None:
        return await self._collection.find_one({"_id": id_}, session=self._session)

    async def get_many(self, ids: Iterable[str]) -> dict[str, Document]:
        """The documents with these ids, by id, in one read."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        cursor = self._collection.find({"_id": {"$in": wanted}}, session=self._session)
        return {doc["_id"]: doc async for doc in cursor}

    async def find_one(self, filters: Mapping[str, Any]) -> Document | None:
        return await self._collection.find_one(dict(filters), session=self._session)

    async def find(
        self,
        filters: Mapping[str, Any],
        *,
        sort: Sort | None = None,
        skip: int = 0,
        limit: int = 0,
        projection: Mapping[str, Any] | None = None,
    ) -> list[Document]:
        cursor = self._collection.find(dict(filters), projection, session=self._session)
        cursor = cursor.sort(list(sort or self.default_sort)).skip(skip)
        return await (cursor.limit(limit) if limit else cursor).to_list()

    async def page(
        self, filters: Mapping[str, Any], skip: int, limit: int, sort: Sort | None = None
    ) -> tuple[list[Document], int]:
        """One page and how many match, read from one snapshot (see `mongo.page`)."""
        return await mongo.page(
            self._collection,
            filters,
            sort=sort or self.default_sort,
            skip=skip,
            limit=limit,
            session=self._session,
        )

    async def count(self, filters: Mapping[str, Any]) -> int:
        return await self._collection.count_documents(dict(filters), session=self._session)

    async def add(self, document: Document) -> None:
        await self._collection.insert_one(document, session=self._session)

    async def add_at_commit(self, document: Document) -> None:
        """Insert `document` when the transaction's work is done, with every other document
        added so to this collection, in one request (`flush`). Only for documents that
        nothing in the same transaction reads back (a log, a feed); outside a transaction it
        is inserted now."""
        if self._session is None:
            await self.add(document)
        else:
            self._deferred.append(document)

    async def flush(self) -> None:
        """Write what `add_at_commit` kept, in the order added."""
        documents, self._deferred = self._deferred, []
        if documents:
            await self._collection.insert_many(documents, ordered=True, session=self._session)

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


class Stores:
    """A service's repositories over one database, bound to a session inside a transaction.

    Subclasses name their repositories: `referrals = repository(Referrals)`.
    """

    def __init__(
        self, db: AsyncDatabase[Document], session: AsyncClientSession | None = None
    ) -> None:
        self.db = db
        self.session = session

    async def flush(self) -> None:
        """Write what the repositories used in this transaction kept for its end."""
        for built in list(vars(self).values()):
            if isinstance(built, Repository):
                await built.flush()


S = TypeVar("S", bound=Stores)


class repository(Generic[R]):  # noqa: N801 - reads as a declaration: `links = repository(Links)`
    """A repository of a `Stores`, built on first use with the store's database and session."""

    def __init__(self, cls: type[R]) -> None:
        self._cls = cls
        self._name = cls.__name__

    def __set_name__(self, owner: type[Stores], name: str) -> None:
        self._name = name

    @overload
    def __get__(self, store: None, owner: type[Stores]) -> repository[R]: ...
    @overload
    def __get__(self, store: Stores, owner: type[Stores]) -> R: ...
    def __get__(self, store: Stores | None, owner: type[Stores]) -> R | repository[R]:
        if store is None:
            return self
        built = self._cls(store.db, store.session)
        store.__dict__[self._name] = built  # the next read finds it without the descriptor
        return built
