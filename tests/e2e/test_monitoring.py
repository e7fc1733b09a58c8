"""Prometheus watching a real stack (README, "Operating Linkwork"): it scrapes the console and
every service, each /metrics parses with Prometheus's own parser, an open live feed is counted,
and garbage sent to gp.referrals makes the dead-letter alert fire."""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from linkwork_devstack import monitoring, processes, stack
from linkwork_devstack.testing import bearer, publish
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import topics

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
EVERY_TARGET = {stack.CONSOLE, *stack.SERVICES}


@pytest.fixture(scope="module")
def watched(services: stack.StackConfig) -> Iterator[stack.StackConfig]:
    """The services, the console, and Prometheus scraping and evaluating every second."""
    config = dataclasses.replace(services, prometheus_interval=1.0)
    try:
        config.monitoring.start()  # first: it waits a few seconds before its first scrapes
        stack.start_console(config, timeout=60)
        yield config
    finally:
        monitoring.stop(config.run_dir)
        processes.stop(config.run_dir, stack.CONSOLE)


def until(probe: Callable[[], T], check: Callable[[T], bool], timeout: float = 30.0) -> T:
    deadline = time.monotonic() + timeout
    value = probe()
    while not check(value) and time.monotonic() < deadline:
        time.sleep(0.25)
        value = probe()
    return value


def prometheus(config: stack.StackConfig, path: str, **params: str) -> Any:
    answer = httpx.get(f"{config.monitoring.url}/api/v1/{path}", params=params, timeout=5)
    answer.raise_for_status()
    return answer.json()["data"]


def target_health(config: stack.StackConfig) -> dict[str, str]:
    targets = prometheus(config, "targets")["activeTargets"]
    return {target["labels"]["service"]: target["health"] for target in targets}


def families(url: str) -> dict[str, Any]:
    answer = httpx.get(f"{url}/metrics", timeout=5)
    assert answer.status_code == 200, answer.text
    return {family.name: family for family in text_string_to_metric_families(answer.text)}


def test_prometheus_scrapes_the_console_and_every_service_and_each_metrics_parses(
    watched: stack.StackConfig,
) -> None:
    health = until(lambda: target_health(watched), lambda h: set(h.values()) == {"up"})
    assert health == dict.fromkeys(EVERY_TARGET, "up")

    console = families(watched.console_url)
    assert "http_requests" in console and "linkwork_sse_streams_open" in console
    for service in stack.SERVICES:
        found = families(watched.url(service))
        assert {"http_requests", "linkwork_outbox_pending"} <= set(found), service
        assert [s.value for s in found["linkwork_outbox_oldest_pending_age_seconds"].samples]
    referral = families(watched.url("referral"))
    assert referral["linkwork_handler_duration_seconds"].samples  # at 0 before any message
    intake = referral["linkwork_consumer_lag"].samples
    assert {s.labels["topic"] for s in intake} >= {topics.GP_REFERRALS}
    assert all(s.value >= 0 and s.labels["partition"].isdigit() for s in intake)


def test_the_grafana_dashboard_asks_prometheus_only_for_what_the_stack_exposes(
    watched: stack.StackConfig,
) -> None:
    dashboard = json.loads((REPO / "deploy" / "grafana" / "linkwork.json").read_text())
    queries = [t["expr"] for panel in dashboard["panels"] for t in panel["targets"]]
    exposed = {"up"} | {
        name
        for url in [watched.console_url, *map(watched.url, stack.SERVICES)]
        for family in families(url).values()
        for name in sample_names(family)
    }
    for query in queries:
        answer = httpx.get(f"{watched.monitoring.url}/api/v1/query", params={"query": query})
        assert answer.status_code == 200, (query, answer.text)
        named = set(re.findall(r"\b(?:linkwork|http)_[a-z_]+\b", query))
        assert named <= exposed, (query, named - exposed)


def sample_names(family: Any) -> set[str]:
    suffixes = {"counter": ["_total"], "histogram": ["_bucket", "_sum", "_count"]}
    return {family.name + suffix for suffix in suffixes.get(family.type, [""])}


def open_streams(config: stack.StackConfig) -> float:
    samples = families(config.url("notifications"))["linkwork_sse_streams_open"].samples
    return sum(s.value for s in samples if s.labels["stream"] == "stream")


def test_an_open_live_feed_is_counted_until_its_reader_leaves(
    watched: stack.StackConfig,
) -> None:
    ops = bearer(ServiceSettings(), "ops-monitoring", "ops")
    url = f"{watched.url('notifications')}/stream"
    with httpx.stream("GET", url, headers=ops, timeout=10) as feed:
        assert feed.status_code == 200
        lines = feed.iter_lines()  # kept: a dropped iterator closes the connection
        assert next(lines) == ": linkwork live feed"
        assert open_streams(watched) == 1
    assert until(lambda: open_streams(watched), lambda n: n == 0, timeout=15) == 0


async def test_garbage_on_gp_referrals_fires_the_dead_letter_alert(
    watched: stack.StackConfig,
) -> None:
    series = (
        'linkwork_messages_dead_lettered_total{service="referral",topic="gp.referrals",'
        'kind="invalid_message"}'
    )
    # Prometheus has seen the count at 0, so one dead letter is an increase.
    seen = until(lambda: prometheus(watched, "query", query=series)["result"], bool)
    assert [sample["value"][1] for sample in seen] == ["0"]

    bootstrap = watched.kafka_bootstrap or watched.infra.kafka_bootstrap
    topic = f"{watched.topic_prefix}{topics.GP_REFERRALS}"
    await publish(bootstrap, topic, b"{this is not a referral", key=b"monitoring")

    def dead_letter_alerts() -> list[Any]:
        alerts = prometheus(watched, "alerts")["alerts"]
        return [a for a in alerts if a["labels"]["alertname"] == "LinkworkDeadLettered"]

    firing = until(dead_letter_alerts, lambda alerts: any(a["state"] == "firing" for a in alerts))
    assert [(a["state"], a["labels"]["service"], a["labels"]["topic"]) for a in firing] == [
        ("firing", "referral", topics.GP_REFERRALS)
    ], firing
    assert firing[0]["labels"]["kind"] == "invalid_message"
    assert "linkwork-ops dlq list gp.referrals" in firing[0]["annotations"]["description"]
