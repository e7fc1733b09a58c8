"""Which database the service runs on: a pointer document in the base database
(`MONGODB_DATABASE`), written by `linkwork-insights rebuild` when a fresh database has been
built from the topics. No pointer: the base database itself."""

from __future__ import annotations

from datetime import datetime

from pymongo import AsyncMongoClient

from linkwork_runtime.mongo import Document

POINTERS = "active_database"
ACTIVE = "active"


async def active_database(client: AsyncMongoClient[Document], base: str) -> str:
    found = await client[base][POINTERS].find_one({"_id": ACTIVE})
    return str(found["database"]) if found else base


async def switch_to(
    client: AsyncMongoClient[Document], base: str, database: str, at: datetime
) -> None:
    await client[base][POINTERS].replace_one(
        {"_id": ACTIVE}, {"_id": ACTIVE, "database": database, "switched_at": at}, upsert=True
    )
