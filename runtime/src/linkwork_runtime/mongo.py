"""The PyMongo async client and index bootstrap. Clients are built in lifespans, not imports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.monitoring import CommandListener
from pymongo.read_concern import ReadConcern

Document = dict[str, Any]
IndexSpec = Mapping[str, Sequence[IndexModel]]


def connect(
    uri: str, *, retry_writes: bool = True, listeners: Sequence[CommandListener] = ()
) -> AsyncMongoClient[Document]:
    """A client that returns timezone-aware datetimes (UTC) and standard UUIDs; `listeners`
    see every command it sends (counting round trips)."""
    return AsyncMongoClient(
        uri,
        tz_aware=True,
        uuidRepresentation="standard",
        appname="linkwork",
        retryWrites=retry_writes,
        event_listeners=list(listeners),
    )


async def ensure_indexes(database: AsyncDatabase[Document], spec: IndexSpec) -> None:
    """Create every index in `spec` (collection -> indexes). Idempotent; run at start."""
    for collection, indexes in spec.items():
        if indexes:
            await _retime_ttl_indexes(database[collection], indexes)
            await database[collection].create_indexes(list(indexes))


async def _retime_ttl_indexes(
    collection: AsyncCollection[Document], indexes: Sequence[IndexModel]
) -> None:
    """A retention changed in settings alters its TTL index in place (collMod): creating the
    index again with another `expireAfterSeconds` would be refused as a conflict."""
    wanted = {
        tuple(index.document["key"].items()): index.document["expireAfterSeconds"]
        for index in indexes
        if "expireAfterSeconds" in index.document
    }
    if not wanted:
        return
    async for existing in await collection.list_indexes():
        seconds = wanted.get(tuple(existing["key"].items()))
        if seconds is not None and existing.get("expireAfterSeconds") not in (None, seconds):
            await collection.database.command(
                {
                    "collMod": collection.name,
                    "index": {"keyPattern": existing["key"], "expireAfterSeconds": seconds},
                }
            )


async def ping(client: AsyncMongoClient[Document]) -> None:
    await client.admin.command("ping")


async def page(
    collection: AsyncCollection[Document],
    filters: Mapping[str, Any],
    *,
    sort: Sequence[tuple[str, int]],
    skip: int,
    limit: int,
    projection: Mapping[str, Any] | None = None,
    session: AsyncClientSession | None = None,
) -> tuple[list[Document], int]:
    """One page of `collection` and how many documents match, read from one snapshot.

    Two separate reads could disagree (a document committed between them makes the total
    count one more than the page shows), so outside a caller's transaction both are read
    in a read-only snapshot transaction.
    """

    async def read(s: AsyncClientSession) -> tuple[list[Document], int]:
        cursor = collection.find(dict(filters), projection, session=s)
        cursor = cursor.sort(list(sort)).skip(skip)
        items = await (cursor.limit(limit) if limit else cursor).to_list()
        return items, await collection.count_documents(dict(filters), session=s)

    if session is not None:
        return await read(session)
    snapshot = ReadConcern("snapshot")
    async with (
        collection.database.client.start_session() as own,
        await own.start_transaction(read_concern=snapshot),
    ):
        return await read(own)
