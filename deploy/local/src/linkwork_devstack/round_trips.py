"""How many database requests the intake path costs per referral, counted by the driver
(every command each service's client sends), one message per transaction against batches:

    .venv/bin/python -m linkwork_devstack.round_trips --count 100 --batch 100

It runs, on a MongoDB server and with no broker, what the consumers do: the referral
service's `gp.referrals` subscription on N submissions, then every consumer of
`referral.events` (journey, notifications) on the events it emitted, each service through
its own handler tier and database. The figures are counts, not times: they are the same on
any machine, and they are what SecantusDB's round-trip cost multiplies.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.monitoring import (
    CommandFailedEvent,
    CommandListener,
    CommandStartedEvent,
    CommandSucceededEvent,
)

from linkwork_devstack.handler_tier import handler_tier
from linkwork_devstack.testing import settings_for
from linkwork_journey.app import definition as journey_definition
from linkwork_journey.settings import Settings as JourneySettings
from linkwork_notifications.app import definition as notifications_definition
from linkwork_notifications.settings import Settings as NotificationsSettings
from linkwork_referral.actions import link_workers
from linkwork_referral.actions.commands import NewLinkWorker
from linkwork_referral.app import definition as referral_definition
from linkwork_referral.dev.simulator import build_batch
from linkwork_referral.settings import Settings as ReferralSettings
from linkwork_runtime.auth import Principal
from linkwork_schemas import Event

TEAM = "leeds-north"
WORKERS = [("lw-amina", ["B86001", "B86002"]), ("lw-ben", ["B86002", "B86003"])]
MANAGER = Principal(sub="mgr-rt", roles=frozenset({"manager"}), team_id=TEAM)


class Requests(CommandListener):
    """Counts the commands a client sends, by name."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def started(self, event: CommandStartedEvent) -> None:
        self.counts[event.command_name] += 1

    def succeeded(self, event: CommandSucceededEvent) -> None:
        return None

    def failed(self, event: CommandFailedEvent) -> None:
        return None

    def take(self) -> Counter[str]:
        taken, self.counts = self.counts, Counter()
        return taken


@dataclass(frozen=True)
class Step:
    """One subscription's share of the intake path."""

    name: str
    messages: int
    referrals: int
    requests: Counter[str] = field(default_factory=Counter)

    @property
    def per_referral(self) -> float:
        return sum(self.requests.values()) / self.referrals


@dataclass(frozen=True)
class Figures:
    batch: int
    steps: list[Step]

    @property
    def per_referral(self) -> float:
        return sum(step.per_referral for step in self.steps)

    def report(self) -> str:
        lines = [f"batches of {self.batch}:"]
        for step in self.steps:
            commands = ", ".join(f"{n} {c}" for c, n in sorted(step.requests.items()))
            lines.append(
                f"  {step.name}: {step.per_referral:.1f} requests per referral "
                f"({step.messages} messages; {commands})"
            )
        lines.append(f"  intake path: {self.per_referral:.1f} requests per referral")
        return "\n".join(lines)


def _chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


async def measure(mongodb_uri: str, count: int, batch: int, seed: int = 7) -> Figures:
    """N referrals through the intake path in batches of `batch`; the requests each step
    sent. Uses fresh databases, dropped after."""
    tag = f"rt{uuid.uuid4().hex[:8]}"
    referral = settings_for(ReferralSettings, "127.0.0.1:1", mongodb_uri, tag)
    journey = settings_for(JourneySettings, "127.0.0.1:1", mongodb_uri, tag)
    notifications = settings_for(NotificationsSettings, "127.0.0.1:1", mongodb_uri, tag)
    listeners = {name: Requests() for name in ("referral", "journey", "notifications")}
    documents = build_batch(count, seed=seed, format="mixed")
    steps: list[Step] = []
    try:
        async with (
            handler_tier(referral_definition(referral), [listeners["referral"]]) as intake,
            handler_tier(journey_definition(journey), [listeners["journey"]]) as journeys,
            handler_tier(
                notifications_definition(notifications), [listeners["notifications"]]
            ) as notify,
        ):
            for worker, practices in WORKERS:
                new = NewLinkWorker(
                    link_worker_id=worker, name=worker, practices=practices, caseload_cap=count
                )
                await intake.run(
                    partial(link_workers.register, new=new, who=MANAGER, settings=referral)
                )
            for listener in listeners.values():
                listener.take()
            emitted: list[Event] = []
            for chunk in _chunks([json.dumps(d).encode() for d in documents], batch):
                emitted += (await intake.consume_batch("gp-referrals", chunk)).events
            steps.append(Step("referral gp-referrals", count, count, listeners["referral"].take()))
            for name, tier in (("journey", journeys), ("notifications", notify)):
                for chunk in _chunks(emitted, batch):
                    await tier.consume_batch("referral-events", chunk)
                steps.append(
                    Step(f"{name} referral-events", len(emitted), count, listeners[name].take())
                )
    finally:
        await _drop(mongodb_uri, [referral, journey, notifications])
    return Figures(batch, steps)


async def _drop(mongodb_uri: str, settings: Sequence[Any]) -> None:
    client: AsyncMongoClient[Any] = AsyncMongoClient(mongodb_uri)
    try:
        for each in settings:
            await client.drop_database(each.mongodb_database)
    finally:
        await client.close()


async def compare(mongodb_uri: str, count: int, batch: int) -> str:
    """One message per transaction (the consumers before batching) against batches."""
    single = await measure(mongodb_uri, count, 1)
    batched = await measure(mongodb_uri, count, batch)
    ratio = batched.per_referral / single.per_referral
    return (
        f"database requests on the intake path, {count} referrals (counted by the driver)\n"
        f"{single.report()}\n{batched.report()}\n"
        f"batches of {batch} / one per transaction: {ratio:.2f}x the requests"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mongodb-uri", default="mongodb://127.0.0.1:27017/?directConnection=true")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args(argv)
    print(asyncio.run(compare(args.mongodb_uri, args.count, args.batch)))


if __name__ == "__main__":
    main()
