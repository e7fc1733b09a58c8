"""`linkwork-dev faults`: a bounded fault run on a stack of its own, on loopback.

It starts embedded infrastructure (the broker on persistent storage) and the four services on
free ports in a run directory of its own, registers a team with room for every referral,
sends N referrals as GP systems would, and meanwhile kills each service with SIGKILL at a
random moment and starts it again, kills and restarts the MongoDB server and the broker.
Then it waits for the stack to settle (no consumer lag, no unpublished outbox rows, no
notification due and unsent) and counts, from what users would see (the referral API, the
event topics, the e-mails that arrived):

- sent, stored and lost referrals (every referral the GP systems had acknowledged);
- duplicated effects: a referral stored twice, or one message's effect published twice
  under two event ids (same type, aggregate and cause);
- republished events (the same event id again: harmless, consumers skip it), e-mails sent
  again under the same Message-ID (the at-least-once window of SMTP: mail systems drop the
  repeat), and dead letters;
- the time from the last referral sent to settled.

It fails (exit 1) if anything is lost or duplicated or the stack does not settle in time.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import signal
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from linkwork_devstack import demo, processes, settle, stack
from linkwork_devstack.infra import KAFKA, MONGO
from linkwork_referral.dev.simulated_bars import bars_bundle, source_referral_id
from linkwork_referral.dev.simulator import submission
from linkwork_runtime.topic_reader import read_all
from linkwork_schemas import topics

SERVICES = tuple(stack.SERVICES)
PAGE = 200  # the referral API's largest page
RESTART_TIMEOUT = 120.0
MAX_CASELOAD = 1000  # the largest caseload cap the referral API takes
MESSAGE_ID = re.compile(r"^Message-ID: <([^@>]+)@linkwork>", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class Plan:
    """What a fault run does. `kills` service kills in all (each service at least once when
    there are as many kills as services, chosen at random otherwise)."""

    referrals: int = 2000
    rate: float = 20.0  # referrals a second, as a busy morning's GP systems send them
    kills: int = 4
    database_restarts: int = 1
    broker_restarts: int = 1
    settle_timeout: float = 900.0
    seed: int = 1
    down_for: tuple[float, float] = (0.5, 3.0)  # seconds a killed process stays down


@dataclass(frozen=True)
class Fault:
    target: str
    at: float  # seconds after the first referral was sent
    back_after: float  # seconds from the kill until it answered again


@dataclass
class Report:
    plan: Plan
    sent: int = 0
    stored: int = 0
    lost: int = 0
    duplicated_referrals: int = 0
    duplicated_effects: int = 0
    republished_events: int = 0
    events: int = 0
    emails: int = 0
    emails_resent: int = 0
    assignments_without_notice: int = 0
    dead_letters: int = 0
    sending_seconds: float = 0.0
    settled: bool = False
    settle_seconds: float = 0.0
    faults: list[Fault] = field(default_factory=list)
    backlog: str = ""
    lost_examples: list[str] = field(default_factory=list)  # send order and source id

    @property
    def passed(self) -> bool:
        return (
            self.settled
            and self.lost == 0
            and self.duplicated_referrals == 0
            and self.duplicated_effects == 0
            and self.assignments_without_notice == 0
        )

    def render(self) -> str:
        rate = self.sent / self.sending_seconds if self.sending_seconds else 0.0
        settle_line = (
            f"{self.settle_seconds:.1f} s after the last referral was sent"
            if self.settled
            else f"NOT settled {self.settle_seconds:.0f} s after the last referral:\n"
            + self.backlog
        )
        lines = [
            "Fault run (loopback, a stack of its own)",
            f"  referrals sent        {self.sent} in {self.sending_seconds:.1f} s ({rate:.1f}/s)",
            f"  stored                {self.stored}",
            f"  lost                  {self.lost}"
            + (f"  ({', '.join(self.lost_examples)})" if self.lost_examples else ""),
            f"  duplicated referrals  {self.duplicated_referrals}",
            f"  duplicated effects    {self.duplicated_effects}"
            f"  (one cause published twice under new ids, of {self.events} events)",
            f"  republished events    {self.republished_events}  (same id again; skipped)",
            f"  e-mails               {self.emails} sent, {self.emails_resent} resent"
            " with the same Message-ID",
            f"  assignments unnoticed {self.assignments_without_notice}"
            "  (no notification for the link worker)",
            f"  dead letters          {self.dead_letters}",
            f"  settled               {settle_line}",
            "  faults:",
            *(
                f"    {f.at:6.1f} s  kill -9 {f.target:13} back after {f.back_after:.1f} s"
                for f in self.faults
            ),
            f"verdict: {'PASS' if self.passed else 'FAIL'}",
        ]
        return "\n".join(lines)


def run(plan: Plan, run_dir: Path | None = None, progress: Callable[[str], None] = print) -> Report:
    """One fault run in `run_dir` (a fresh temporary directory when None, removed after)."""
    owned = run_dir is None
    if run_dir is not None and run_dir.exists() and any(run_dir.iterdir()):
        raise ValueError(f"{run_dir} is not empty: a fault run starts from nothing")
    root = Path(tempfile.mkdtemp(prefix="lw-faults-")) if run_dir is None else run_dir
    config = _config(root)
    try:
        progress(f"starting a stack of its own in {root}")
        _up(config)
        return _run(plan, config, progress)
    finally:
        stack.down(root)
        if owned:
            shutil.rmtree(root, ignore_errors=True)


def _config(root: Path) -> stack.StackConfig:
    return stack.StackConfig(
        run_dir=root,
        kafka_port=processes.free_port(),
        mongo_port=processes.free_port(),
        smtp_port=processes.free_port(),
        ports={name: processes.free_port() for name in SERVICES},
        console_port=processes.free_port(),
        extra_env={
            # A killed member leaves its group sooner, so its restart rejoins quickly.
            "KAFKA_SESSION_TIMEOUT_MS": "6000",
            # Every notification due at once: quiet hours would hold the evening's back.
            "QUIET_HOURS_START": "00:00",
            "QUIET_HOURS_END": "00:00",
        },
        # The broker keeps its topics across a restart (memory storage would lose them), and
        # the database what it acknowledged across a SIGKILL (measured without: it lost the
        # last 1-2% of acknowledged commits, so a run would count losses of the database's).
        broker_storage="persistent",
        durable_commits=True,
    )


def _up(config: stack.StackConfig) -> None:
    config.run_dir.mkdir(parents=True, exist_ok=True)
    config.save()
    config.infra.start()
    stack.start_mail_catcher(config)
    stack.start_services(config, timeout=90)


def _run(plan: Plan, config: stack.StackConfig, progress: Callable[[str], None]) -> Report:
    rng = random.Random(plan.seed)  # noqa: S311 (a reproducible run, not a secret)
    report = Report(plan)
    _register_team(config, plan.referrals)
    documents = _referrals(plan, rng)
    expected_seconds = plan.referrals / plan.rate
    schedule = _schedule(plan, rng, expected_seconds)
    progress(f"sending {plan.referrals} referrals at {plan.rate:g}/s with {len(schedule)} faults")
    began = time.monotonic()
    sender = _Sender(config.infra.kafka_bootstrap, documents, plan.rate)
    sender.start()
    # The same one twice waits for the first's restart; the database and the broker share
    # one lock, as starting either starts whatever of the infrastructure is not running.
    infra = threading.Lock()
    locks = {t: infra if t in (KAFKA, MONGO) else threading.Lock() for t, _ in schedule}

    def fault(target: str, at: float, down: float) -> Fault:
        time.sleep(max(0.0, at - (time.monotonic() - began)))
        with locks[target]:
            progress(f"{time.monotonic() - began:6.1f} s  kill -9 {target}")
            return _kill_and_restart(config, target, began, down)

    # Each fault at its own moment, whatever the others are doing: a service may be
    # starting again while the database goes down under it, as in production.
    with ThreadPoolExecutor(max_workers=max(1, len(schedule))) as pool:
        downs = [rng.uniform(*plan.down_for) for _ in schedule]
        futures = [pool.submit(fault, t, at, d) for (t, at), d in zip(schedule, downs, strict=True)]
        report.faults = sorted((f.result() for f in futures), key=lambda f: f.at)
    sender.join()
    report.sent = sender.sent
    report.sending_seconds = sender.finished - began
    progress(f"sent {report.sent}; waiting for the stack to settle")
    settled, backlog = settle.wait_settled(config, plan.settle_timeout)
    report.settled = settled
    report.settle_seconds = time.monotonic() - sender.finished
    report.backlog = backlog.render()
    _count(config, report, [source_referral_id(d) for d in documents])
    return report


def _register_team(config: stack.StackConfig, referrals: int) -> None:
    """The demo team, with room for every referral (up to 3,000), and their e-mail
    addresses."""
    headers = {"Authorization": f"Bearer {demo.manager_token()}"}
    for worker in demo.LINK_WORKERS:
        room = min(MAX_CASELOAD, referrals)  # with three of them, room for 3,000 referrals
        body = {**worker, "team_id": demo.TEAM, "caseload_cap": room}
        response = httpx.post(
            f"{config.url('referral')}/link-workers", json=body, headers=headers, timeout=10
        )
        response.raise_for_status()
    demo.register_recipients(config)


def _referrals(plan: Plan, rng: random.Random) -> list[dict[str, Any]]:
    """JSON submissions and BaRS bundles, half each, every one with its own source id."""
    documents: list[dict[str, Any]] = []
    for _ in range(plan.referrals):
        document = submission(rng)
        documents.append(bars_bundle(document, rng) if rng.random() < 0.5 else document)
    return documents


def _schedule(plan: Plan, rng: random.Random, seconds: float) -> list[tuple[str, float]]:
    targets = [SERVICES[i % len(SERVICES)] for i in range(plan.kills)]
    if plan.kills < len(SERVICES):
        targets = rng.sample(list(SERVICES), plan.kills)
    targets += [MONGO] * plan.database_restarts + [KAFKA] * plan.broker_restarts
    rng.shuffle(targets)
    # Spread over the sending window, never in its first or last tenth.
    moments = sorted(rng.uniform(0.1, 0.9) * seconds for _ in targets)
    return list(zip(targets, moments, strict=True))


def _kill_and_restart(config: stack.StackConfig, target: str, began: float, down: float) -> Fault:
    at = time.monotonic() - began
    killed = time.monotonic()
    _kill(config, target)
    time.sleep(down)
    if target in SERVICES:
        _start_service(config, target)
    else:
        port = config.kafka_port if target == KAFKA else config.mongo_port
        deadline = time.monotonic() + 10.0  # a killed server's socket may outlive it a moment
        while processes.port_open(port) and time.monotonic() < deadline:
            time.sleep(0.05)
        processes.pid_file(config.run_dir, target).unlink(missing_ok=True)
        config.infra.start(timeout=RESTART_TIMEOUT)
    return Fault(target, at, time.monotonic() - killed)


def _kill(config: stack.StackConfig, target: str) -> None:
    pid = processes.read_pid(config.run_dir, target)
    if pid:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        _reap(pid)


def _start_service(config: stack.StackConfig, service: str) -> None:
    """Start it and wait until it is ready, starting it again if it gives up on the way (the
    database may be down under it), as a supervisor would."""
    deadline = time.monotonic() + RESTART_TIMEOUT
    while True:
        _kill(config, service)
        processes.start(
            config.run_dir,
            service,
            stack.service_command(service),
            env=stack.service_env(config, service),
        )
        try:
            stack.wait_ready(config, {service: config.url(service)}, timeout=RESTART_TIMEOUT)
            return
        except RuntimeError:  # it exited while starting
            if time.monotonic() > deadline:
                raise
            time.sleep(1.0)


def _reap(pid: int) -> None:
    deadline = time.monotonic() + 10
    while processes.alive(pid) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)


class _Sender(threading.Thread):
    """Sends every referral once it is acknowledged by the broker, retrying through a broker
    restart (a retry may send one twice: the referral service keeps one)."""

    def __init__(self, bootstrap: str, documents: list[dict[str, Any]], rate: float) -> None:
        super().__init__(name="fault-run-sender", daemon=True)
        self._servers = bootstrap
        self._documents = documents
        self._rate = rate
        self.sent = 0
        self.finished = 0.0

    def run(self) -> None:
        asyncio.run(self._send_all())
        self.finished = time.monotonic()

    async def _send_all(self) -> None:
        topic = topics.GP_REFERRALS
        started = time.monotonic()
        producer = await self._producer()
        try:
            for index, document in enumerate(self._documents):
                value = json.dumps(document).encode()
                key = source_referral_id(document).encode()
                while True:
                    try:
                        await producer.send_and_wait(topic, value, key=key)
                        break
                    except KafkaError:
                        await producer.stop()
                        await asyncio.sleep(0.5)
                        producer = await self._producer()
                self.sent += 1
                pause = started + (index + 1) / self._rate - time.monotonic()
                if pause > 0:
                    await asyncio.sleep(pause)
        finally:
            await producer.stop()

    async def _producer(self) -> AIOKafkaProducer:
        while True:
            producer = AIOKafkaProducer(
                bootstrap_servers=self._servers, acks="all", request_timeout_ms=10_000
            )
            try:
                await producer.start()
                return producer
            except KafkaError:
                await producer.stop()
                await asyncio.sleep(0.5)


def _count(config: stack.StackConfig, report: Report, sources: list[str]) -> None:
    stored = Counter(_stored_sources(config))
    report.stored = len(stored)
    missing = set(sources) - set(stored)
    report.lost = len(missing)
    report.lost_examples = [
        f"#{index} {source}" for index, source in enumerate(sources) if source in missing
    ][:10]
    report.duplicated_referrals = sum(1 for n in stored.values() if n > 1)
    events = asyncio.run(_events(config))
    report.events = len(events)
    ids = Counter(e["event_id"] for e in events)
    report.republished_events = sum(n - 1 for n in ids.values())
    unique = {e["event_id"]: e for e in events}.values()
    causes: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for event in unique:
        cause = (event["event_type"], event["aggregate_id"], event.get("causation_id") or "")
        causes[cause].add(event["event_id"])
    report.duplicated_effects = sum(1 for ids_ in causes.values() if len(ids_) > 1)
    assigned = {e["event_id"] for e in unique if e["event_type"] == "ReferralAssigned"}
    noticed = asyncio.run(_notified_sources(config, assigned))
    report.assignments_without_notice = len(assigned - noticed)
    log = processes.log_file(config.run_dir, stack.SMTP)
    sent = Counter(MESSAGE_ID.findall(log.read_text(errors="replace")) if log.exists() else [])
    report.emails = len(sent)
    report.emails_resent = sum(n - 1 for n in sent.values())
    report.dead_letters = asyncio.run(_dead_letters(config))


def _stored_sources(config: stack.StackConfig) -> Iterator[str]:
    """Every referral the team's manager sees, through the referral API, page by page."""
    headers = {"Authorization": f"Bearer {demo.manager_token()}"}
    url = f"{config.url('referral')}/referrals"
    page = 1
    with httpx.Client(headers=headers, timeout=30) as client:
        while True:
            answer = client.get(url, params={"page": page, "per_page": PAGE})
            answer.raise_for_status()
            body = answer.json()
            for item in body["items"]:
                yield str(item["source_referral_id"])
            if page * PAGE >= body["total"]:
                return
            page += 1


async def _events(config: stack.StackConfig) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    bootstrap = config.infra.kafka_bootstrap
    for topic in (topics.REFERRAL_EVENTS, topics.JOURNEY_EVENTS, topics.NOTIFICATION_EVENTS):
        for record in await read_all(bootstrap, config.topic_prefix + topic):
            with contextlib.suppress(ValueError):
                found.append(json.loads(record.value))
    return found


async def _notified_sources(config: stack.StackConfig, event_ids: set[str]) -> set[str]:
    from pymongo import AsyncMongoClient

    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(config.infra.mongodb_uri)
    try:
        deliveries = client[f"{config.database_prefix}notifications"]["deliveries"]
        found = await deliveries.distinct("source_event_id")
        return {str(i) for i in found} & event_ids
    finally:
        await client.close()


async def _dead_letters(config: stack.StackConfig) -> int:
    bootstrap = config.infra.kafka_bootstrap
    total = 0
    for topic in topics.ALL_TOPICS:
        dlq = config.topic_prefix + topics.dead_letter_topic(topic)
        with contextlib.suppress(Exception):
            total += len(await read_all(bootstrap, dlq, timeout=5))
    return total
