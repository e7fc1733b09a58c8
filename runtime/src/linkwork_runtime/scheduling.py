"""Background jobs that run a pass every few seconds (deadlines, reminders, expiries).

A job's pass does its own once-only guarding (a conditional update in the same transaction
as the event it raises), so running it on every replica, or again after a restart, is safe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import structlog

if TYPE_CHECKING:
    from linkwork_runtime.service import Runtime, Worker

log = structlog.get_logger(__name__)
Pass = Callable[["Runtime"], Awaitable[int]]


def every(seconds: float, job: Pass, name: str) -> Worker:
    """A worker that runs `job` every `seconds`; a failed pass is logged and tried again."""

    async def worker(runtime: Runtime) -> None:
        while True:
            try:
                if done := await job(runtime):
                    log.info(f"{name}.pass", count=done)
            except Exception:
                log.exception(f"{name}.pass_failed")
            await asyncio.sleep(seconds)

    worker.__name__ = name
    return worker
