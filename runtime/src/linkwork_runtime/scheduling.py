"""Background jobs that run a pass every few seconds (deadlines, reminders, expiries).

A job's pass does its own once-only guarding (a conditional update in the same transaction
as the event it raises), so running it on every replica, or again after a restart, is safe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import TYPE_CHECKING, Any

import structlog

from linkwork_runtime.mongo import Document

if TYPE_CHECKING:
    from linkwork_runtime.service import Runtime, Worker
    from linkwork_runtime.unit_of_work import Transaction

log = structlog.get_logger(__name__)
Pass = Callable[["Runtime[Any]"], Awaitable[int]]


async def once_each(
    runtime: Runtime[Any],
    items: Iterable[Document],
    step: Callable[[Transaction[Any], Document], Awaitable[bool]],
) -> int:
    """Run `step(tx, item)` on each item in its own transaction; count those it acted on.

    One item's failure does not undo the others; the next pass picks up what is left.
    """
    done = 0
    for item in items:
        done += await runtime.uow.run(_bound(step, item))
    return done


def _bound(
    step: Callable[[Transaction[Any], Document], Awaitable[bool]], item: Document
) -> Callable[[Transaction[Any]], Awaitable[bool]]:
    async def run(tx: Transaction[Any]) -> bool:
        return await step(tx, item)

    return run


def every(seconds: float, job: Pass, name: str) -> Worker:
    """A worker that runs `job` every `seconds`; a failed pass is logged and tried again."""

    async def worker(runtime: Runtime[Any]) -> None:
        while True:
            try:
                if done := await job(runtime):
                    log.info(f"{name}.pass", count=done)
            except Exception:
                log.exception(f"{name}.pass_failed")
            await asyncio.sleep(seconds)

    worker.__name__ = name
    return worker
