"""A bounded load run on the referral service's HTTP API, loopback only:

    .venv/bin/linkwork-dev load --clients 50 --seconds 60

`clients` concurrent clients on one connection pool, each looping until the deadline on
the next request of the mix (`load_mix`: GP systems' submissions, a manager's and a link
worker's reads and contact attempts, practices' lists, each kind in its share). It prints
requests/s, the error rate, p50/p95/p99 latency per kind of request and overall, and the
service's memory (VmRSS) before, at its peak and after it settles; it fails on any 5xx or
transport error, any 4xx the mix does not expect, or memory that grew past its bound.
"""

from __future__ import annotations

import asyncio
import ipaddress
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from linkwork_devstack import demo, processes
from linkwork_devstack.load_mix import MIX, Context, Schedule, Seen, Users, prime
from linkwork_devstack.load_report import LoadReport, Memory, Tally
from linkwork_devstack.stack import StackConfig

SERVICE = "referral"
# What the service may keep after a run, whatever its length: buffers of 50 keep-alive
# connections and of the MongoDB connections they need, freed memory the allocator holds on
# to. Measured +11 to +19 MiB from a fresh process, then flat over further runs; four times
# that leaves room for a faster database (more requests in flight). It catches gross
# growth; the report's "second half of the load" (flat unless something leaks) is finer.
RSS_BOUND_MIB = 64.0
Progress = Callable[[str], None]


class LoadRefused(RuntimeError):
    """The run cannot start: a URL off this machine, or no running referral service."""


def refuse_unless_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:  # a name other than localhost: it may resolve anywhere
        loopback = False
    if not loopback:
        raise LoadRefused(
            f"refusing to load {url}: a load run is for this machine only "
            "(127.0.0.1, localhost or ::1)"
        )


def rss_kib(pid: int) -> int:
    """The process's resident memory in KiB (0 once it has exited: the run's answers say so)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return 0
    found = [line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")]
    return int(found[0]) if found else 0


def run(
    config: StackConfig,
    clients: int = 50,
    seconds: float = 60.0,
    *,
    settle_seconds: float = 5.0,
    rss_bound_mib: float = RSS_BOUND_MIB,
    seed: int | None = None,
    timeout: float = 30.0,
    progress: Progress | None = None,
) -> LoadReport:
    """Load the stack's referral service and report what it did (see the module)."""
    url = config.url(SERVICE)
    refuse_unless_loopback(url)
    pid = processes.read_pid(config.run_dir, SERVICE)
    if not (pid and processes.alive(pid)):
        raise LoadRefused(f"no running referral service in {config.run_dir}: is the stack up?")
    try:
        demo.register_link_workers(config)  # the demo team the manager's reads are of
    except httpx.HTTPError as exc:
        raise LoadRefused(f"the referral service at {url} does not answer: {exc}") from None
    plan = Plan(url, pid, clients, seconds, timeout, settle_seconds, rss_bound_mib)
    rng = random.Random(seed)  # noqa: S311 - made-up referrals and filters, not secrets
    return asyncio.run(_Load(plan, rng, progress or (lambda _: None)).run())


@dataclass(frozen=True)
class Plan:
    url: str
    pid: int  # the referral service's process, whose memory is watched
    clients: int
    seconds: float
    timeout: float  # a request unanswered by then is a transport error
    settle_seconds: float
    bound_mib: float


class _Load:
    def __init__(self, plan: Plan, rng: random.Random, say: Progress) -> None:
        self.plan, self.rng, self.say = plan, rng, say
        self.tallies = {op.kind: Tally(op.refusals) for op in MIX}
        self.schedule = Schedule(MIX)
        self.samples: list[int] = []  # VmRSS in KiB, every quarter second of the load

    async def run(self) -> LoadReport:
        plan = self.plan
        pool = httpx.Limits(max_connections=plan.clients, max_keepalive_connections=plan.clients)
        async with httpx.AsyncClient(base_url=plan.url, limits=pool, timeout=plan.timeout) as http:
            ctx = Context(http, Users(), Seen(), self.rng)
            await self._warm_up(ctx)
            before = rss_kib(plan.pid)
            began = time.monotonic()
            deadline = began + plan.seconds
            sampler = asyncio.create_task(self._sample(deadline))
            await asyncio.gather(*(self._client(ctx, deadline) for _ in range(plan.clients)))
            elapsed = time.monotonic() - began
            await sampler
        await asyncio.sleep(plan.settle_seconds)
        return LoadReport(
            plan.url, plan.clients, plan.seconds, elapsed, self.tallies, self._memory(before)
        )

    def _memory(self, before: int) -> Memory:
        samples, plan = self.samples or [before], self.plan
        middle, end, after = samples[len(samples) // 2], samples[-1], rss_kib(plan.pid)
        peak = max(samples)
        return Memory(
            plan.pid, before, peak, middle, end, after, plan.settle_seconds, plan.bound_mib
        )

    async def _warm_up(self, ctx: Context) -> None:
        """Not counted: something for each kind to act on, then one of each (the first request
        of a route builds what it caches)."""
        await prime(ctx)
        for op in MIX:
            await op.call(ctx)

    async def _client(self, ctx: Context, deadline: float) -> None:
        rng = random.Random(self.rng.getrandbits(64))  # noqa: S311 - each client's own data
        own = Context(ctx.client, ctx.users, ctx.seen, rng)
        while time.monotonic() < deadline:
            await self._one(own)

    async def _one(self, ctx: Context) -> None:
        op = self.schedule.next()
        tally = self.tallies[op.kind]
        began = time.perf_counter()
        try:
            answer = await op.call(ctx)
        except httpx.TransportError as exc:
            tally.unanswered[type(exc).__name__] += 1
            await asyncio.sleep(0.1)  # a service that is down is not asked again at once
            return
        if answer is not None:
            tally.record(answer.status_code, (time.perf_counter() - began) * 1000)

    async def _sample(self, deadline: float) -> None:
        """The service's RSS while clients start requests, and progress every ten seconds."""
        began, told = time.monotonic(), 0
        while (now := time.monotonic()) < deadline:
            self.samples.append(rss_kib(self.plan.pid))
            if now - began >= told + 10:
                told += 10
                done = sum(t.answered + t.transport_errors for t in self.tallies.values())
                self.say(f"{told} s: {done} requests, RSS {self.samples[-1] / 1024:.0f} MiB")
            await asyncio.sleep(0.25)


def command(
    clients: int = 50, seconds: float = 60.0, run_dir: Path | None = None, timeout: float = 30.0
) -> int:
    """Load the running stack's referral service for a bounded time, loopback only: CLIENTS
    concurrent clients for SECONDS on its reads and writes, as GP systems, a manager, a link
    worker and practices use it. Prints requests/s, the error rate, p50/p95/p99 latency and
    the service's memory before, at its peak and after; exit status 1 on any 5xx or transport
    error (no answer within TIMEOUT seconds included), an unexpected 4xx, or memory grown by
    more than 64 MiB."""
    import typer

    config = StackConfig.load(StackConfig.from_env(run_dir).run_dir) or StackConfig.from_env(
        run_dir
    )
    try:
        report = run(
            config, clients, seconds, timeout=timeout, progress=partial(typer.echo, err=True)
        )
    except LoadRefused as refused:
        typer.secho(str(refused), fg="red", err=True)
        return 1
    typer.echo(report.render())
    return 0 if report.passed else 1
