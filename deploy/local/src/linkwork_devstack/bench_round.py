"""One round of `linkwork-dev bench`: every stage once, in order, and its figures added to
the report (with a note for whatever did not finish)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from linkwork_devstack import bench_latency, bench_stages, demo
from linkwork_devstack.bench_latency import Latency
from linkwork_devstack.bench_report import Report, percentile
from linkwork_devstack.bench_settle import calibrate, settle_stack
from linkwork_devstack.bench_stages import Bench, Throughput


@dataclass(frozen=True)
class Round:
    bare: Throughput
    bare_drain: Throughput
    intake: Throughput
    drain: Throughput
    latency: Latency


async def measure_round(
    bench: Bench,
    count: int,
    rate: float,
    seconds: float,
    progress: Callable[[str], None],
) -> Round:
    await settle_stack(bench.config, bench.timeout)
    await calibrate(bench.config, bench.meter)
    bare = await bench_stages.bare_throughput(bench, count)
    progress(f"  (a) bare pipeline: {bare.settled} in {bare.seconds:.1f} s")
    bare_drain = await bench_stages.bare_drain(bench, count)
    progress(f"  (a) bare backlog drain: {bare_drain.settled} in {bare_drain.seconds:.1f} s")
    intake = await bench_stages.intake(bench, count)
    progress(f"  (b) intake: {intake.settled} in {intake.seconds:.1f} s")
    drain = await bench_stages.referral_drain(bench, count)
    progress(f"  (c) backlog drain: {drain.settled} in {drain.seconds:.1f} s")
    await settle_stack(
        bench.config, bench.timeout
    )  # latency at a steady rate, not behind a backlog
    workers = [str(w["link_worker_id"]) for w in demo.LINK_WORKERS]
    latency = await bench_latency.measure(bench, workers, rate, seconds)
    progress(f"  (d) latency: {len(latency.latencies_ms)} of {latency.sent} on the live feed")
    return Round(bare, bare_drain, intake, drain, latency)


def record(report: Report, number: int, measured: Round, timeout: float) -> None:
    """The round's figures into `report`, and a note for each stage that did not finish."""
    report.bare.values.append(measured.bare.rate)
    report.bare_drain.values.append(measured.bare_drain.rate)
    report.bare_drain_start.values.append(measured.bare_drain.first_seconds)
    report.intake.values.append(measured.intake.rate)
    report.drain.values.append(measured.drain.rate)
    report.drain_start.values.append(measured.drain.first_seconds)
    latencies = measured.latency.latencies_ms
    for figure, q in ((report.p50, 50), (report.p95, 95), (report.p99, 99)):
        if latencies:
            figure.values.append(percentile(latencies, q))
    per_message = (
        (report.bare_requests, measured.bare.requests),
        (report.intake_requests, measured.intake.requests),
        (report.stack_requests, measured.intake.stack_requests),
    )
    for figure, requests in per_message:
        if requests is not None:
            figure.values.append(requests)
    report.notes += _notes(number, measured, timeout)


def _notes(number: int, measured: Round, timeout: float) -> list[str]:
    notes = []
    stages = {
        "(a)": measured.bare,
        "(a) drain": measured.bare_drain,
        "(b)": measured.intake,
        "(c)": measured.drain,
    }
    for name, stage in stages.items():
        if stage.settled < stage.count:
            notes.append(
                f"round {number} {name}: {stage.settled} of {stage.count} within {timeout:g} s"
            )
    latency = measured.latency
    if latency.missing or latency.assigned < latency.sent:
        notes.append(
            f"round {number} (d): {latency.sent} sent, {latency.assigned} assigned, "
            f"{len(latency.latencies_ms)} seen on a live feed"
        )
    if measured.bare.requests is None:
        notes.append(f"round {number}: the database did not answer serverStatus: no counts")
    elif measured.intake.stack_requests is None:
        notes.append(f"round {number} (b): the stack did not settle: no whole-stack count")
    return notes
