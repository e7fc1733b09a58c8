"""What `/metrics` tells Prometheus: HTTP requests by route template (never a raw path or an
id), open streams, each partition's consumer lag and the outbox's backlog, all in the text
format Prometheus's own parser reads; a route anyone on the internal network may scrape."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncGenerator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from prometheus_client import REGISTRY
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.parser import text_string_to_metric_families

from linkwork_devstack.testing import eventually, publish, running
from linkwork_runtime import metrics
from linkwork_runtime.access import access_matrix
from linkwork_runtime.consumer import KeyedByHandler, Subscription
from linkwork_runtime.metrics_api import serve_metrics
from linkwork_runtime.metrics_backlog import outbox_backlog
from linkwork_runtime.repository import Stores
from linkwork_runtime.service import Runtime, ServiceDefinition, create_service_app
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import OUTBOX, Transaction
from linkwork_schemas.referral import ReferralWithdrawn, ReferralWithdrawnPayload

NHS_NUMBER = "9434765919"

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(text: str) -> Samples:
    """Every sample of the exposition, parsed by the Prometheus client's own parser."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float | None:
    return found.get((name, frozenset(labels.items())))


async def scrape(client: httpx.AsyncClient) -> Samples:
    answer = await client.get("/metrics")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    return samples(answer.text)


def people_app(service: str, *scrapes: Any) -> FastAPI:
    app = FastAPI()

    @app.get("/people/{person_id}")
    async def person(person_id: str) -> dict[str, str]:
        return {"id": person_id}

    serve_metrics(app, service, *scrapes)
    return app


def client_of(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://service")


async def test_requests_are_counted_by_route_template_and_no_path_or_id_reaches_a_label() -> None:
    service = f"probe-{uuid.uuid4().hex[:6]}"
    async with client_of(people_app(service)) as client:
        for _ in range(3):
            await client.get(f"/people/{NHS_NUMBER}")
        await client.get(f"/no/such/page/{NHS_NUMBER}")
        await client.request("BREW", f"/people/{NHS_NUMBER}")
        answer = await client.get("/metrics")

    found = samples(answer.text)
    route = {"service": service, "method": "GET", "handler": "/people/{person_id}"}
    assert value(found, "http_requests_total", **route, status="200") == 3
    assert value(found, "http_request_duration_seconds_count", **route) == 3
    unmatched = {"service": service, "method": "GET", "handler": "none", "status": "404"}
    assert value(found, "http_requests_total", **unmatched) == 1
    brewed = {"service": service, "method": "other", "handler": "/people/{person_id}"}
    assert value(found, "http_requests_total", **brewed, status="405") == 1
    assert NHS_NUMBER not in answer.text
    assert not [labels for _, labels in found if dict(labels).get("handler") == "/metrics"]


def test_metrics_is_declared_public_for_prometheus_to_scrape_without_a_token() -> None:
    rows = [row for row in access_matrix(people_app("probe")) if row.path == "/metrics"]
    assert [(row.method, bool(row.access and row.access.public)) for row in rows] == [("GET", True)]


async def test_a_scrape_that_fails_is_left_out_and_the_rest_still_answers() -> None:
    async def broken() -> Sequence[Metric]:
        raise ConnectionError("the database went away")

    async def backlog() -> Sequence[Metric]:
        family = GaugeMetricFamily("linkwork_probe_backlog", "A probe", labels=["service"])
        family.add_metric(["probe"], 7)
        return [family]

    service = f"probe-{uuid.uuid4().hex[:6]}"
    async with client_of(people_app(service, broken, backlog)) as client:
        await client.get("/people/p-1")
        found = await scrape(client)

    assert value(found, "linkwork_probe_backlog", service="probe") == 7
    route = {"service": service, "method": "GET", "handler": "/people/{person_id}"}
    assert value(found, "http_requests_total", **route, status="200") == 1


async def test_a_stream_counts_as_open_while_read_and_closes_when_its_reader_leaves() -> None:
    service, closed = f"probe-{uuid.uuid4().hex[:6]}", asyncio.Event()

    async def feed() -> AsyncGenerator[int, None]:
        try:
            for n in range(100):
                yield n
        finally:
            closed.set()

    def open_streams() -> float | None:
        labels = {"service": service, "stream": "stream"}
        return REGISTRY.get_sample_value("linkwork_sse_streams_open", labels)

    first, second = metrics.counted_stream(feed(), service, "stream"), None
    assert await anext(first) == 0 and open_streams() == 1
    second = metrics.counted_stream(feed(), service, "stream")
    await anext(second)
    assert open_streams() == 2
    await first.aclose()  # the client went away after one event
    assert open_streams() == 1 and closed.is_set()
    await second.aclose()
    assert open_streams() == 0


async def test_the_outbox_backlog_is_its_pending_count_and_oldest_pending_age(
    settings: ServiceSettings,
) -> None:
    minutes_ago = datetime.now(UTC) - timedelta(minutes=2)
    runtime: Runtime[Stores] = Runtime(settings, Stores, clock=lambda: minutes_ago)
    read = outbox_backlog(runtime.db[OUTBOX], "probe")
    try:
        assert gauges(await read()) == {"linkwork_outbox_pending": 0, "age": 0}
        await runtime.uow.run(withdrawn("r-1"))
        await runtime.uow.run(withdrawn("r-2"))
        found = gauges(await read())
        assert found["linkwork_outbox_pending"] == 2
        assert 120 <= found["age"] < 180
        await runtime.db[OUTBOX].update_many({}, {"$set": {"sent_at": datetime.now(UTC)}})
        assert gauges(await read()) == {"linkwork_outbox_pending": 0, "age": 0}
    finally:
        await runtime.mongo.close()
        await runtime.direct.close()


def gauges(families: Sequence[Metric]) -> dict[str, float]:
    named = {family.name: family.samples[0].value for family in families}
    return {
        "linkwork_outbox_pending": named["linkwork_outbox_pending"],
        "age": named["linkwork_outbox_oldest_pending_age_seconds"],
    }


def withdrawn(referral_id: str) -> Any:
    async def work(tx: Transaction[Any]) -> None:
        await tx.record(
            ReferralWithdrawn,
            aggregate_id=referral_id,
            payload=ReferralWithdrawnPayload(
                referral_id=referral_id, reason="moved away", withdrawn_by="mgr-1"
            ),
        )

    return work


async def test_a_service_reports_each_partitions_lag_as_messages_not_yet_taken(
    settings: ServiceSettings,
) -> None:
    """A handler held on its first message: what arrives meanwhile is lag, per partition,
    until the handler is let go and the consumer catches up."""
    entered, release = asyncio.Event(), asyncio.Event()

    async def held(body: bytes, tx: Transaction[Any]) -> None:
        entered.set()
        await release.wait()

    held_settings = settings.model_copy(update={"consumer_max_batch": 1})
    app = create_service_app(
        ServiceDefinition(
            settings=held_settings,
            title="probe",
            description="holds its first message",
            subscriptions=[
                Subscription("held", "probe.lag", bytes, held, KeyedByHandler("the body"))
            ],
        )
    )
    topic = settings.topic("probe.lag")
    labels = {"service": "probe", "topic": "probe.lag", "subscription": "held"}

    def lag(found: Samples) -> float:
        return sum(
            v
            for (name, sample_labels), v in found.items()
            if name == "linkwork_consumer_lag" and labels.items() <= dict(sample_labels).items()
        )

    async with running(app) as client:
        await publish(settings.kafka_bootstrap_servers, topic, b"first", key=b"k")
        await asyncio.wait_for(entered.wait(), 30)
        for n in range(5):
            await publish(settings.kafka_bootstrap_servers, topic, b"later %d" % n, key=b"k")
        behind = await eventually(lambda: scrape(client), lambda found: lag(found) == 5)
        assert lag(behind) == 5, [k for k in behind if k[0] == "linkwork_consumer_lag"]
        partitions = {
            dict(sample_labels)["partition"]
            for name, sample_labels in behind
            if name == "linkwork_consumer_lag"
        }
        assert partitions and all(p.isdigit() for p in partitions)
        assert value(behind, "linkwork_outbox_pending", service="probe") == 0
        assert (
            value(behind, "linkwork_messages_dead_lettered_total", **labels, kind="invalid_message")
            == 0
        )
        release.set()
        caught_up = await eventually(lambda: scrape(client), lambda found: lag(found) == 0)
        assert lag(caught_up) == 0
