"""The PyMongo async client and index bootstrap. Clients are built in lifespans, not imports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo import AsyncMongoClient, IndexModel
from pymongo.asynchronous.database import AsyncDatabase

Document = dict[str, Any]
IndexSpec = Mapping[str, Sequence[IndexModel]]


def connect(uri: str) -> AsyncMongoClient[Document]:
    """A client that returns timezone-aware datetimes (UTC) and standard UUIDs."""
    return AsyncMongoClient(uri, tz_aware=True, uuidRepresentation="standard", appname="linkwork")


async def ensure_indexes(database: AsyncDatabase[Document], spec: IndexSpec) -> None:
    """Create every index in `spec` (collection -> indexes). Idempotent; run at start."""
    for collection, indexes in spec.items():
        if indexes:
            await database[collection].create_indexes(list(indexes))


async def ping(client: AsyncMongoClient[Document]) -> None:
    await client.admin.command("ping")
