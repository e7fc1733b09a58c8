"""`linkwork-dev bench`: the throughput and latency figures, in one sitting, on a stack of its
own (the four services on free loopback ports, on embedded infrastructure of its own or on
infrastructure given to it), with the ratios against the goals:

(a) the bare pipeline (`bench_pipeline`: one transaction per message) on the same broker and
    database, N messages, and its backlog drain (N sent while it is stopped);
(b) intake: N referrals (JSON and BaRS) until each one's ReferralAssigned or
    ReferralAwaitingCapacity is on `referral.events`;
(c) backlog drain: the referral service stopped, N referrals sent, the service started, until
    every one is settled (see `bench_stages`);
(d) latency at a steady 5 referrals/s from send to the assigned link worker's live feed.

Each stage runs `rounds` times; each figure is printed as min/median/max of its rounds, and
the ratios from the medians. It asserts nothing: these are benchmark figures.
`linkwork-dev bench-intake` runs stage (b) once against an already running stack.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from linkwork_devstack import bench_round, bench_stages, demo, processes, stack
from linkwork_devstack.bench_report import Report
from linkwork_devstack.bench_watch import RequestMeter, create_topics
from linkwork_devstack.infra import BrokerStorage
from linkwork_devstack.tools import repo_root

MAX_CASELOAD = 1000  # the largest caseload cap the referral API takes
SESSION_TIMEOUT_MS = 6000  # as the fault runs': a restarted consumer rejoins sooner
FORMATS = ("json", "bars", "mixed")
WARM_UP = 5  # messages through each path before the first round: groups joined, pools open


@dataclass(frozen=True)
class Plan:
    count: int = 300  # messages per throughput stage and round
    rounds: int = 3
    rate: float = 5.0  # referrals a second in the latency stage
    seconds: float = 30.0  # how long the latency stage sends
    format: str = "mixed"
    timeout: float = 600.0  # per stage
    broker_storage: BrokerStorage = "persistent"  # as `make up`

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"--format must be one of {', '.join(FORMATS)}, not {self.format!r}")

    @property
    def referrals(self) -> int:
        """Referrals the whole run sends, warm-up included."""
        return WARM_UP + self.rounds * (2 * self.count + round(self.rate * self.seconds))


@dataclass(frozen=True)
class Infrastructure:
    """A broker and a database already running (a test's): the bench starts none of its own
    and keeps to topics and databases under a prefix of its own."""

    kafka_bootstrap: str
    mongodb_uri: str


def run(
    plan: Plan,
    run_dir: Path | None = None,
    progress: Callable[[str], None] = print,
    infrastructure: Infrastructure | None = None,
) -> Report:
    """One bench run in `run_dir` (a fresh temporary directory when None, removed after)."""
    owned = run_dir is None
    if run_dir is not None and run_dir.exists() and any(run_dir.iterdir()):
        raise ValueError(f"{run_dir} is not empty: a bench run starts from nothing")
    root = Path(tempfile.mkdtemp(prefix="lw-bench-")) if run_dir is None else run_dir
    config = _config(root, plan, infrastructure)
    try:
        progress(f"starting a stack of its own in {root}")
        root.mkdir(parents=True, exist_ok=True)
        config.save()
        if infrastructure is None:
            config.infra.start()
        stack.start_mail_catcher(config)
        stack.start_services(config, timeout=120)
        return asyncio.run(_measure(plan, config, progress))
    finally:
        processes.stop(root, bench_stages.PIPELINE)
        stack.down(root)
        if owned:
            shutil.rmtree(root, ignore_errors=True)


def _config(root: Path, plan: Plan, infrastructure: Infrastructure | None) -> stack.StackConfig:
    env = {
        "KAFKA_SESSION_TIMEOUT_MS": str(SESSION_TIMEOUT_MS),
        # Every notification due at once: quiet hours would hold the evening's back.
        "QUIET_HOURS_START": "00:00",
        "QUIET_HOURS_END": "00:00",
    }
    if infrastructure is not None:
        shared = stack.StackConfig.isolated(
            root, infrastructure.kafka_bootstrap, infrastructure.mongodb_uri, "bench", env
        )
        return dataclasses.replace(shared, smtp_port=processes.free_port())
    return stack.StackConfig(
        run_dir=root,
        kafka_port=processes.free_port(),
        mongo_port=processes.free_port(),
        smtp_port=processes.free_port(),
        ports={name: processes.free_port() for name in stack.SERVICES},
        console_port=processes.free_port(),
        broker_storage=plan.broker_storage,
        extra_env=env,
    )


async def _measure(
    plan: Plan, config: stack.StackConfig, progress: Callable[[str], None]
) -> Report:
    meter = RequestMeter(bench_stages.mongodb_uri_of(config))
    bench = bench_stages.Bench(config, meter, plan.format, plan.timeout, SESSION_TIMEOUT_MS)
    try:
        _register_team(config)
        pipeline = bench.pipeline
        await create_topics(bench.bootstrap, [pipeline.input_topic, pipeline.output_topic])
        bench_stages.start_pipeline(bench)
        await bench_stages.bare_throughput(bench, WARM_UP)
        await bench_stages.intake(bench, WARM_UP, until_settled=False)
        report = Report(_heading(plan))
        if plan.referrals > 3 * MAX_CASELOAD * 0.9:
            report.notes.append(f"{plan.referrals} referrals for 3,000 places: some may wait")
        for number in range(1, plan.rounds + 1):
            progress(f"round {number} of {plan.rounds}")
            try:
                measured = await bench_round.measure_round(
                    bench, plan.count, plan.rate, plan.seconds, progress
                )
            except Exception as exc:  # the rounds measured so far are still worth printing
                report.notes.append(f"round {number} stopped: {type(exc).__name__}: {exc}")
                break
            bench_round.record(report, number, measured, plan.timeout)
        return report
    finally:
        await meter.close()


def _register_team(config: stack.StackConfig) -> None:
    """The demo team, each with the largest caseload the API takes, and their e-mails."""
    headers = {"Authorization": f"Bearer {demo.manager_token()}"}
    for worker in demo.LINK_WORKERS:
        body = {**worker, "team_id": demo.TEAM, "caseload_cap": MAX_CASELOAD}
        url = f"{config.url('referral')}/link-workers"
        httpx.post(url, json=body, headers=headers, timeout=30).raise_for_status()
    demo.register_recipients(config)


def _heading(plan: Plan) -> str:
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    return (
        f"linkwork-dev bench, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {_commit()}\n"
        f"{_cpu()}, {os.cpu_count()} cores, load average {load} at the start\n"
        f"{plan.rounds} rounds; {plan.count} messages per throughput stage ({plan.format}); "
        f"latency at {plan.rate:g}/s for {plan.seconds:g} s; broker storage {plan.broker_storage}"
    )


def _cpu() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    return "an unknown processor"


def _commit() -> str:
    """The commit checked out, and whether the working tree differs from it."""

    def git(*args: str) -> str:
        found = subprocess.run(
            ["git", "-C", str(repo_root()), *args], capture_output=True, text=True, timeout=10
        )
        return found.stdout.strip()

    try:
        commit = git("log", "-1", "--format=%h") or "unknown"
        changed = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit} with uncommitted changes" if changed else commit


def intake_on_running_stack(config: stack.StackConfig, count: int, fmt: str) -> str:
    """Stage (b) once against a stack that is already running (`make up`)."""

    async def measure() -> bench_stages.Throughput:
        meter = RequestMeter(bench_stages.mongodb_uri_of(config))
        try:
            bench = bench_stages.Bench(config, meter, fmt)
            return await bench_stages.intake(bench, count, until_settled=False)
        finally:
            await meter.close()

    measured = asyncio.run(measure())
    return (
        f"referrals: {measured.count}, settled (ReferralAssigned or ReferralAwaitingCapacity on "
        f"the topic): {measured.settled} in {measured.seconds:.2f} s from the first send "
        f"({measured.rate:.1f} referrals/s end to end)"
    )
