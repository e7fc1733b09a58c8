"""Between the stages of `linkwork-dev bench`: waiting for the stack to settle (so a stage
does not compete with the last one's tail), and what the settled stack, and looking at it,
ask of the database, to be taken off the request counts."""

from __future__ import annotations

import asyncio
import time

from aiokafka.errors import KafkaError
from pymongo.errors import PyMongoError

from linkwork_devstack import settle, stack
from linkwork_devstack.bench_watch import RequestMeter


async def settle_stack(
    config: stack.StackConfig, timeout: float, poll: float = 0.5
) -> tuple[bool, int]:
    """Wait until every consumer has caught up and every outbox row and notification due is
    out (`linkwork_devstack.settle`, nothing outstanding twice running); whether it settled
    within `timeout`, and how often it looked."""
    wanted = settle.readers(config)
    deadline = time.monotonic() + timeout
    calm = polls = 0
    while calm < 2:
        if time.monotonic() > deadline:
            return False, polls
        polls += 1
        try:
            seen = await asyncio.to_thread(settle.backlog, config, wanted)
            calm = calm + 1 if seen.settled else 0
        except (KafkaError, PyMongoError, OSError):  # a restart under way: not settled yet
            calm = 0
        await asyncio.sleep(poll)
    return True, polls


async def calibrate(
    config: stack.StackConfig, meter: RequestMeter, seconds: float = 3.0, polls: int = 3
) -> None:
    """The settled stack's idle requests a second, and the requests of one look at its
    backlog, into `meter`."""
    await meter.calibrate(seconds)
    wanted = settle.readers(config)
    before = await meter.reading()
    for _ in range(polls):
        await asyncio.to_thread(settle.backlog, config, wanted)
    meter.per_poll = max(0.0, meter.beyond_idle(before, await meter.reading())) / polls
