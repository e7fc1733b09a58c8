"""Work named by the same `serial` runs one at a time in a process, commit included: ten
concurrent transactions on one hot document then neither conflict nor retry (found by
`linkwork-dev load`: concurrent intakes all took a place from the same link worker and
retried each other until the driver gave up)."""

from __future__ import annotations

import asyncio
from typing import Any

from linkwork_runtime.repository import Stores
from linkwork_runtime.service import Runtime
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import Transaction


async def take_places(runtime: Runtime[Stores], serial: str | None) -> int:
    """Ten concurrent read-then-write transactions on one counter; how many attempts ran."""
    attempts = 0
    await runtime.db["places"].insert_one({"_id": "lw-amina", "taken": 0})

    async def take_one(tx: Transaction[Any]) -> None:
        nonlocal attempts
        attempts += 1
        worker = await tx.db["places"].find_one({"_id": "lw-amina"}, session=tx.session)
        assert worker is not None
        await asyncio.sleep(0.05)  # the others start meanwhile
        await tx.db["places"].update_one(
            {"_id": "lw-amina"}, {"$set": {"taken": worker["taken"] + 1}}, session=tx.session
        )

    await asyncio.gather(*(runtime.uow.run(take_one, serial=serial) for _ in range(10)))
    worker = await runtime.db["places"].find_one({"_id": "lw-amina"})
    assert worker is not None and worker["taken"] == 10  # none lost, either way
    await runtime.db["places"].drop()
    return attempts


async def test_work_on_one_hot_document_named_serial_runs_once_each_without_retries(
    settings: ServiceSettings,
) -> None:
    runtime: Runtime[Stores] = Runtime(settings, Stores)
    try:
        assert await take_places(runtime, serial="places") == 10
        # The same work, not serial: the transactions conflict and are retried.
        assert await take_places(runtime, serial=None) > 10
    finally:
        await runtime.mongo.close()
