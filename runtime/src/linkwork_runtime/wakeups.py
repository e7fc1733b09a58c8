"""Waking readers that poll for what a commit added (a live feed's streams), at the commit
rather than at their next poll."""

from __future__ import annotations

import asyncio
import contextlib


class Wakeups:
    """Every waiter woken at once by `wake()`.

    A reader takes `mark()` before it reads, then `wait(mark, timeout)` after: a wake that came
    in between (a commit after its read) returns at once, so none is missed, and the timeout
    keeps it polling for what other processes commit (replicas)."""

    def __init__(self) -> None:
        self._generation = 0
        self._changed = asyncio.Event()

    def mark(self) -> int:
        return self._generation

    def wake(self) -> None:
        self._generation += 1
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def wait(self, mark: int, timeout: float) -> None:
        """Until woken after `mark`, or `timeout` seconds."""
        if self._generation != mark:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)
