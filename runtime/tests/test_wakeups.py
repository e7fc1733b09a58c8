"""Wakeups: a reader woken by a commit after it read never misses it, and one not woken
still polls."""

from __future__ import annotations

import asyncio

from linkwork_runtime.wakeups import Wakeups


async def test_a_wake_between_the_read_and_the_wait_is_not_missed() -> None:
    wakeups = Wakeups()
    mark = wakeups.mark()  # before the read
    wakeups.wake()  # a commit lands after the read, before the wait
    await asyncio.wait_for(wakeups.wait(mark, timeout=60), timeout=5)


async def test_every_waiter_is_woken_at_once() -> None:
    wakeups = Wakeups()
    mark = wakeups.mark()
    waiters = [asyncio.create_task(wakeups.wait(mark, timeout=60)) for _ in range(3)]
    await asyncio.sleep(0)
    assert not any(w.done() for w in waiters)
    wakeups.wake()
    await asyncio.wait_for(asyncio.gather(*waiters), timeout=5)


async def test_without_a_wake_the_wait_ends_at_its_timeout() -> None:
    wakeups = Wakeups()
    waiter = asyncio.create_task(wakeups.wait(wakeups.mark(), timeout=0.05))
    await asyncio.wait_for(waiter, timeout=5)
    assert waiter.done() and wakeups.mark() == 0
