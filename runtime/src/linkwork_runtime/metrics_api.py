"""`/metrics`: the Prometheus text format of this process's metrics (linkwork_runtime.metrics),
HTTP measured by the FastAPI instrumentator, and what is read at scrape time (Scrape; the
consumer lag and outbox backlog are in metrics_backlog).

Public, like /health: it carries counts, never a person or an id, and Prometheus scrapes
without a token: keep it on the internal network (a public ingress should not route it).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence

import structlog
from fastapi import FastAPI, Response
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import Metric
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from prometheus_client.registry import Collector
from prometheus_fastapi_instrumentator import Instrumentator
from prometheus_fastapi_instrumentator.metrics import Info

from linkwork_runtime import metrics
from linkwork_runtime.access import public

log = structlog.get_logger(__name__)
Scrape = Callable[[], Awaitable[Sequence[Metric]]]
SCRAPE_TIMEOUT_SECONDS = 2.0
# The classic text format: what every Prometheus 2.x reads (Debian's is 2.42).
TEXT_FORMAT = CONTENT_TYPE_PLAIN_0_0_4
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def serve_metrics(app: FastAPI, service: str, *scrapes: Scrape) -> None:
    """Count the app's HTTP requests and serve `/metrics`, adding what `scrapes` read then."""
    instrumentator = Instrumentator(
        should_group_status_codes=False,
        should_group_untemplated=True,  # a path no route matches is `handler="none"`
        excluded_handlers=["^/metrics$"],
    )
    instrumentator.add(_record_request(service)).instrument(app)

    @app.get(
        "/metrics",
        tags=["health"],
        summary="Metrics in the Prometheus text format",
        include_in_schema=False,
        dependencies=[public("operational counts for Prometheus; no personal data")],
    )
    async def scrape() -> Response:
        families = await asyncio.gather(*(_within_timeout(read) for read in scrapes))
        found = [family for read in families for family in read]
        return Response(render(found), media_type=TEXT_FORMAT)


def _record_request(service: str) -> Callable[[Info], None]:
    def record(info: Info) -> None:
        method = info.method if info.method in _METHODS else "other"
        handler = info.modified_handler
        metrics.HTTP_REQUESTS.labels(service, method, handler, info.modified_status).inc()
        metrics.HTTP_SECONDS.labels(service, method, handler).observe(
            info.modified_duration_without_streaming or info.modified_duration
        )

    return record


def render(families: Iterable[Metric]) -> bytes:
    """The process's registered metrics, then `families` (read at this scrape)."""
    scraped = CollectorRegistry(auto_describe=False)
    scraped.register(_Families(list(families)))
    return generate_latest(REGISTRY) + generate_latest(scraped)


class _Families(Collector):
    def __init__(self, families: list[Metric]) -> None:
        self._families = families

    def collect(self) -> Iterator[Metric]:
        return iter(self._families)


async def _within_timeout(read: Scrape) -> Sequence[Metric]:
    """What `read` found, or nothing when it fails or is slow: a scrape always answers."""
    try:
        return await asyncio.wait_for(read(), SCRAPE_TIMEOUT_SECONDS)
    except Exception as exc:
        log.warning("metrics.scrape_failed", scrape=read.__qualname__, error=type(exc).__name__)
        return []
