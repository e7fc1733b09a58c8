"""What a load run saw: each kind of request's answers and latencies, the referral service's
memory before, at its peak and after, and the verdict (no 5xx, no transport error, no
refusal the mix did not expect, memory within its bound)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

MIB = 1024.0  # VmRSS is in KiB


@dataclass
class Tally:
    """The answers to one kind of request; `refusals` are the 4xx that are right for it."""

    refusals: frozenset[int] = frozenset()
    statuses: Counter[int] = field(default_factory=Counter)
    unanswered: Counter[str] = field(default_factory=Counter)  # transport errors, by kind
    latencies_ms: list[float] = field(default_factory=list)

    def record(self, status: int, ms: float) -> None:
        self.statuses[status] += 1
        self.latencies_ms.append(ms)

    @property
    def transport_errors(self) -> int:
        return sum(self.unanswered.values())

    @property
    def answered(self) -> int:
        return sum(self.statuses.values())

    def count(self, wanted: str) -> int:
        return sum(n for status, n in self.statuses.items() if self._class(status) == wanted)

    def _class(self, status: int) -> str:
        if status < 400:
            return "ok"
        if status == 429:
            return "rate limited"
        if status in self.refusals:
            return "expected refusal"
        return "server error" if status >= 500 else "unexpected refusal"


@dataclass(frozen=True)
class Memory:
    """VmRSS of the referral service's process, in KiB."""

    pid: int
    before: int
    peak: int
    middle: int  # halfway through the load, and as it ended: a leak grows in between
    end: int
    after: int
    settle_seconds: float
    bound_mib: float

    @property
    def growth_mib(self) -> float:
        return (self.after - self.before) / MIB

    @property
    def within_bound(self) -> bool:
        return self.after > 0 and self.growth_mib <= self.bound_mib  # 0: it exited

    def render(self) -> str:
        return (
            f"referral service memory (VmRSS, pid {self.pid}): before {self.before / MIB:.1f} "
            f"MiB, peak {self.peak / MIB:.1f} MiB, second half of the load "
            f"{(self.end - self.middle) / MIB:+.1f} MiB, after {self.settle_seconds:.0f} s "
            f"settling {self.after / MIB:.1f} MiB: {self.growth_mib:+.1f} MiB "
            f"(bound +{self.bound_mib:.0f} MiB: {'within' if self.within_bound else 'OVER'})"
        )


@dataclass
class LoadReport:
    url: str
    clients: int
    seconds: float  # how long clients started requests; `elapsed` until the last answer
    elapsed: float
    tallies: dict[str, Tally]
    memory: Memory

    def total(self, wanted: str) -> int:
        return sum(tally.count(wanted) for tally in self.tallies.values())

    @property
    def requests(self) -> int:
        return sum(t.answered + t.transport_errors for t in self.tallies.values())

    @property
    def errors(self) -> int:
        """What a user would call a failure: a 5xx, or no answer at all."""
        return self.total("server error") + sum(t.transport_errors for t in self.tallies.values())

    @property
    def passed(self) -> bool:
        no_faults = self.errors == 0 and self.total("unexpected refusal") == 0
        return no_faults and self.memory.within_bound

    def render(self) -> str:
        requests = max(self.requests, 1)
        unanswered = sum((t.unanswered for t in self.tallies.values()), Counter[str]())
        kinds = ", ".join(f"{n} {kind}" for kind, n in unanswered.most_common())
        lines = [
            f"load: {self.clients} clients for {self.seconds:.0f} s on {self.url} (loopback); "
            f"the last answer after {self.elapsed:.1f} s",
            f"requests: {self.requests} ({self.requests / self.elapsed:.1f}/s)",
            f"errors: {self.errors} ({100 * self.errors / requests:.2f}%): "
            f"{self.total('server error')} 5xx, {unanswered.total()} transport"
            + (f" ({kinds})" if kinds else ""),
            f"expected refusals: {self.total('expected refusal')} (422 broken NHS number, "
            f"409 referral moved on); unexpected 4xx: {self.total('unexpected refusal')}; "
            f"429: {self.total('rate limited')}",
            f"{'latency ms':28} {'answered':>8} {'errors':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
            f"{'max':>7}",
        ]
        for kind, tally in self.tallies.items():
            errors = tally.count("server error") + tally.transport_errors
            lines.append(_latency_row(f"  {kind}", tally.latencies_ms, errors))
        everything = [ms for tally in self.tallies.values() for ms in tally.latencies_ms]
        total = _latency_row("  all", everything, self.errors)
        lines += [total, self.memory.render(), self.verdict()]
        return "\n".join(lines)

    def verdict(self) -> str:
        if self.passed:
            return "verdict: PASS (no 5xx, no transport errors, memory within its bound)"
        faults = [
            f"{self.errors} errors" if self.errors else "",
            f"{self.total('unexpected refusal')} unexpected 4xx"
            if self.total("unexpected refusal")
            else "",
            "memory over its bound" if not self.memory.within_bound else "",
        ]
        return f"verdict: FAIL ({', '.join(f for f in faults if f)})"

    def __str__(self) -> str:
        return self.render()


def percentiles(latencies_ms: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 (nan with no samples)."""
    if len(latencies_ms) < 2:
        only = latencies_ms[0] if latencies_ms else float("nan")
        return only, only, only
    cuts = statistics.quantiles(latencies_ms, n=100, method="inclusive")
    return cuts[49], cuts[94], cuts[98]


def _latency_row(label: str, latencies_ms: list[float], errors: int) -> str:
    """Latencies of the answered requests (5xx included); a transport error has none."""
    p50, p95, p99 = percentiles(latencies_ms)
    most = max(latencies_ms, default=float("nan"))
    figures = f"{p50:>7.0f} {p95:>7.0f} {p99:>7.0f} {most:>7.0f}"
    return f"{label:28} {len(latencies_ms):>8} {errors:>6} {figures}"
