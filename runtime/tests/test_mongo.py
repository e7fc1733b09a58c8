"""Paged reads against the real database: the page and its total always agree."""

from __future__ import annotations

import asyncio

from pymongo import IndexModel

from linkwork_runtime.mongo import connect, ensure_indexes, page
from linkwork_runtime.settings import ServiceSettings


async def test_a_page_is_sorted_skipped_limited_and_counted(settings: ServiceSettings) -> None:
    client = connect(settings.mongodb_uri)
    try:
        rows = client[settings.mongodb_database]["rows"]
        await rows.insert_many([{"_id": n, "odd": n % 2 == 1} for n in range(10)])
        items, total = await page(rows, {"odd": True}, sort=[("_id", -1)], skip=1, limit=2)
    finally:
        await client.close()
    assert [i["_id"] for i in items] == [7, 5]
    assert total == 5


async def test_a_page_read_while_others_write_never_counts_what_it_does_not_show(
    settings: ServiceSettings,
) -> None:
    """A list screen that says "2 referrals" must show two: the page and the total come from
    one snapshot, however many writes land between the two reads."""
    client = connect(settings.mongodb_uri)
    try:
        rows = client[settings.mongodb_database]["busy"]

        async def write() -> None:
            for n in range(150):
                await rows.insert_one({"_id": n})

        async def read() -> list[tuple[int, int]]:
            seen = []
            for _ in range(150):
                items, total = await page(rows, {}, sort=[("_id", 1)], skip=0, limit=1000)
                seen.append((len(items), total))
            return seen

        _, *reads = await asyncio.gather(write(), read(), read())
    finally:
        await client.close()
    observed = [pair for seen in reads for pair in seen]
    assert observed, "the readers read nothing"
    assert [pair for pair in observed if pair[0] != pair[1]] == []
    assert max(total for _, total in observed) > 0


async def test_a_changed_retention_alters_the_ttl_index_in_place(settings: ServiceSettings) -> None:
    client = connect(settings.mongodb_uri)
    db = client[settings.mongodb_database]

    def expiring(days: int) -> dict[str, list[IndexModel]]:
        return {"items": [IndexModel([("created_at", 1)], expireAfterSeconds=days * 86400)]}

    try:
        await ensure_indexes(db, expiring(30))
        await ensure_indexes(db, expiring(30))  # a restart with the same settings
        await ensure_indexes(db, expiring(7))  # the retention shortened
        ttl = [ix async for ix in await db["items"].list_indexes() if "expireAfterSeconds" in ix]
    finally:
        await client.close()
    assert [(dict(ix["key"]), ix["expireAfterSeconds"]) for ix in ttl] == [
        ({"created_at": 1}, 7 * 86400)
    ]
