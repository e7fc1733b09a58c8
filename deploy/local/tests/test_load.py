"""`linkwork-dev load` against a referral service of its own (a process on the test run's
infrastructure): every kind of request is made and answered without a 5xx, the report
shows its figures, and a URL off this machine is refused before anything is sent."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from linkwork_devstack import load, stack
from linkwork_devstack.load_mix import MIX, Schedule
from linkwork_devstack.load_report import LoadReport, Memory, Tally
from linkwork_devstack.pytest_plugin import Endpoints


@pytest.fixture(scope="module")
def referral_service(
    linkwork_infra: Endpoints, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[stack.StackConfig]:
    """Only the referral service: the load run asks nothing of the others."""
    config = stack.StackConfig.isolated(
        tmp_path_factory.mktemp("load"),
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        "load",
    )
    config.ports = {"referral": config.ports["referral"]}
    try:
        stack.start_services(config, timeout=90)
        yield config
    finally:
        stack.stop_services(config)


@pytest.fixture(scope="module")
def report(referral_service: stack.StackConfig) -> load.LoadReport:
    # A generous timeout: the machine may be busy, and a slow answer is not what is tested.
    return load.run(
        referral_service, clients=5, seconds=8.0, settle_seconds=1.0, seed=7, timeout=60.0
    )


def test_every_kind_of_request_is_made_and_none_answers_with_a_5xx(
    report: load.LoadReport,
) -> None:
    for op in MIX:
        tally = report.tallies[op.kind]
        assert tally.answered > 0, f"no {op.kind} was made"
        assert tally.count("ok") > 0, f"no {op.kind} succeeded: {dict(tally.statuses)}"
    assert report.errors == 0
    assert report.total("unexpected refusal") == 0
    assert report.passed


def test_the_report_shows_the_rate_the_latencies_and_the_memory(
    report: load.LoadReport,
) -> None:
    printed = report.render()
    assert printed.startswith("load: 5 clients for ")
    assert f"requests: {report.requests} (" in printed
    assert "errors: 0 (0.00%): 0 5xx, 0 transport" in printed
    for column in ("p50", "p95", "p99"):
        assert column in printed
    for op in MIX:
        assert f"  {op.kind} " in printed
    assert "referral service memory (VmRSS, pid " in printed
    assert "before" in printed and "peak" in printed and "after" in printed
    assert printed.endswith("verdict: PASS (no 5xx, no transport errors, memory within its bound)")


def test_every_kind_comes_within_the_first_dozen_requests_and_each_in_its_share() -> None:
    schedule = Schedule(MIX)
    kinds = [schedule.next().kind for _ in range(200)]
    assert set(kinds[:12]) == {op.kind for op in MIX}
    for op in MIX:
        assert kinds.count(op.kind) == 2 * op.weight  # the weights add up to 100


def test_a_5xx_or_no_answer_fails_the_run_an_expected_refusal_or_a_429_does_not() -> None:
    submit = Tally(frozenset({422}))
    for status in (201, 201, 422, 429):
        submit.record(status, 10.0)
    memory = Memory(1, 100_000, 110_000, 105_000, 105_000, 106_000, 5.0, 64.0)
    report = LoadReport("http://127.0.0.1:8001", 2, 1.0, 1.0, {"submit": submit}, memory)
    assert report.passed
    assert "429: 1" in report.render()
    submit.record(500, 10.0)
    submit.unanswered["ReadTimeout"] += 1
    assert not report.passed
    assert "errors: 2 (33.33%): 1 5xx, 1 transport (1 ReadTimeout)" in report.render()
    assert report.render().endswith("verdict: FAIL (2 errors)")


def test_memory_grown_past_its_bound_fails_the_run() -> None:
    grown = Memory(1, 100_000, 200_000, 150_000, 200_000, 200_000, 5.0, 64.0)
    report = LoadReport("http://127.0.0.1:8001", 1, 1.0, 1.0, {}, grown)
    assert not report.passed
    assert "+97.7 MiB (bound +64 MiB: OVER)" in report.render()


@pytest.mark.parametrize(
    "url", ["http://10.0.0.5:8001", "http://referral.example.nhs.uk", "http://0.0.0.0:8001"]
)
def test_a_url_off_this_machine_is_refused(url: str) -> None:
    with pytest.raises(load.LoadRefused, match="this machine only"):
        load.refuse_unless_loopback(url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8001", "http://localhost:8001", "http://[::1]:8001"]
)
def test_loopback_urls_are_accepted(url: str) -> None:
    load.refuse_unless_loopback(url)


def test_a_stack_with_a_url_elsewhere_is_refused_before_anything_is_sent(tmp_path: Path) -> None:
    class Elsewhere(stack.StackConfig):
        def url(self, service: str) -> str:
            return "http://192.0.2.10:8001"

    with pytest.raises(load.LoadRefused, match=r"refusing to load http://192\.0\.2\.10:8001"):
        load.run(Elsewhere(run_dir=tmp_path), clients=1, seconds=1.0)


def test_without_a_running_referral_service_it_says_so(tmp_path: Path) -> None:
    with pytest.raises(load.LoadRefused, match="no running referral service"):
        load.run(stack.StackConfig(run_dir=tmp_path), clients=1, seconds=1.0)
