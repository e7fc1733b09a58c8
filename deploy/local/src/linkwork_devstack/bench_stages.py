"""The throughput stages of `linkwork-dev bench`, each timed from outside on the topics:

- the bare pipeline (`bench_pipeline`): N messages sent, until every output is on its topic;
- its backlog drain: N sent while it is stopped, from its start until every output is out;
- intake: N referrals on `gp.referrals`, until each one's ReferralAssigned or
  ReferralAwaitingCapacity is on `referral.events`;
- the referral service's backlog drain: the same, sent while it is stopped, from its start.

The referral service is the one stopped: every referral's work starts there (parse, validate,
store, assign, outbox, relay), it is the heaviest consumer per message, and its outcome events
are what the bare pipeline's outputs compare with one for one.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from typing import Any

from linkwork_devstack import processes, stack
from linkwork_devstack.bench_pipeline import PipelineSettings
from linkwork_devstack.bench_settle import settle_stack
from linkwork_devstack.bench_watch import (
    Arrivals,
    RequestMeter,
    Settling,
    TopicWatch,
    send_all,
    until,
)
from linkwork_referral.dev.simulated_bars import source_referral_id
from linkwork_referral.dev.simulator import build_batch
from linkwork_schemas import topics

PIPELINE = "bench-pipeline"
REFERRAL = "referral"


@dataclass(frozen=True)
class Throughput:
    count: int
    settled: int  # of `count`, within the stage's timeout
    seconds: float  # first send (a drain: the consumer's start) to the last one settled
    first_seconds: float = 0.0  # a drain: the consumer's start to the first one settled
    # Database requests per message answered meanwhile (the whole server, idle load taken
    # off): to the last output; and, for intake, until the whole stack has settled.
    requests: float | None = None
    stack_requests: float | None = None

    @property
    def rate(self) -> float:
        return self.settled / self.seconds if self.seconds > 0 else 0.0


def bootstrap_of(config: stack.StackConfig) -> str:
    return config.kafka_bootstrap or config.infra.kafka_bootstrap


def mongodb_uri_of(config: stack.StackConfig) -> str:
    return config.mongodb_uri or config.infra.mongodb_uri


@dataclass(frozen=True)
class Bench:
    """The stack under test and what every stage shares."""

    config: stack.StackConfig
    meter: RequestMeter
    format: str = "mixed"
    timeout: float = 600.0
    session_timeout_ms: int = 10_000

    @property
    def bootstrap(self) -> str:
        return bootstrap_of(self.config)

    @property
    def pipeline(self) -> PipelineSettings:
        """The bare pipeline on the stack's broker and database, topics and database its own."""
        return PipelineSettings(
            kafka_bootstrap=self.bootstrap,
            mongodb_uri=mongodb_uri_of(self.config),
            database=f"{self.config.database_prefix}bench_pipeline",
            input_topic=self.topic("bench.pipeline.in"),
            output_topic=self.topic("bench.pipeline.out"),
            session_timeout_ms=self.session_timeout_ms,
        )

    def topic(self, name: str) -> str:
        return f"{self.config.topic_prefix}{name}"

    def referrals(self, count: int) -> list[dict[str, Any]]:
        return build_batch(count, format=self.format)  # type: ignore[arg-type]


def start_pipeline(bench: Bench) -> None:
    command = [sys.executable, "-m", "linkwork_devstack.bench_pipeline"]
    processes.start(bench.config.run_dir, PIPELINE, command, env=bench.pipeline.env())


def stop_pipeline(bench: Bench) -> None:
    processes.stop(bench.config.run_dir, PIPELINE)


def start_referral_service(bench: Bench) -> None:
    config = bench.config
    env = stack.service_env(config, REFERRAL)
    processes.start(config.run_dir, REFERRAL, stack.service_command(REFERRAL), env=env)


async def bare_throughput(bench: Bench, count: int) -> Throughput:
    documents = bench.referrals(count)
    arrivals = Arrivals({source_referral_id(d) for d in documents})
    async with TopicWatch(bench.bootstrap, bench.pipeline.output_topic, arrivals.see_key):
        before = await bench.meter.reading()
        began = time.perf_counter()
        await send_all(bench.bootstrap, bench.pipeline.input_topic, documents)
        await until(lambda: arrivals.done, bench.timeout)
        after = await bench.meter.reading()
    measured = _throughput(count, arrivals, began)
    return replace(measured, requests=bench.meter.per_message(before, after, measured.settled))


async def bare_drain(bench: Bench, count: int) -> Throughput:
    documents = bench.referrals(count)
    arrivals = Arrivals({source_referral_id(d) for d in documents})
    stop_pipeline(bench)
    async with TopicWatch(bench.bootstrap, bench.pipeline.output_topic, arrivals.see_key):
        await send_all(bench.bootstrap, bench.pipeline.input_topic, documents)
        began = time.perf_counter()
        start_pipeline(bench)
        await until(lambda: arrivals.done, bench.timeout)
    return _throughput(count, arrivals, began, drain=True)


async def intake(bench: Bench, count: int, *, until_settled: bool = True) -> Throughput:
    """Stage (b); with `until_settled`, then until the whole stack has settled (every
    consumer of the outcome events done), for the requests all of it took per referral."""
    documents = bench.referrals(count)
    settling = Settling({source_referral_id(d) for d in documents})
    async with TopicWatch(bench.bootstrap, bench.topic(topics.REFERRAL_EVENTS), settling.see_event):
        before = await bench.meter.reading()
        began = time.perf_counter()
        await send_all(bench.bootstrap, bench.topic(topics.GP_REFERRALS), documents)
        await until(lambda: settling.done, bench.timeout)
        after = await bench.meter.reading()
    measured = _throughput(count, settling, began)
    measured = replace(measured, requests=bench.meter.per_message(before, after, measured.settled))
    if not until_settled:
        return measured
    settled, polls = await settle_stack(bench.config, bench.timeout)
    after_all = await bench.meter.reading()
    whole = bench.meter.per_message(before, after_all, measured.settled, polls)
    return replace(measured, stack_requests=whole if settled else None)


async def referral_drain(bench: Bench, count: int) -> Throughput:
    documents = bench.referrals(count)
    settling = Settling({source_referral_id(d) for d in documents})
    processes.stop(bench.config.run_dir, REFERRAL)
    async with TopicWatch(bench.bootstrap, bench.topic(topics.REFERRAL_EVENTS), settling.see_event):
        await send_all(bench.bootstrap, bench.topic(topics.GP_REFERRALS), documents)
        began = time.perf_counter()
        start_referral_service(bench)
        await until(lambda: settling.done, bench.timeout)
    stack.wait_ready(bench.config, {REFERRAL: bench.config.url(REFERRAL)}, timeout=60)
    return _throughput(count, settling, began, drain=True)


def _throughput(count: int, arrivals: Arrivals, began: float, *, drain: bool = False) -> Throughput:
    if not arrivals.at:
        return Throughput(count, 0, 0.0)
    return Throughput(
        count,
        len(arrivals.at),
        arrivals.last() - began,
        first_seconds=arrivals.first() - began if drain else 0.0,
    )
