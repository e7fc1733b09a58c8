"""Composition of a Linkwork service: one FastAPI app hosting the HTTP API, the faststream
broker with its subscribers, the outbox relay and any background workers.

A service declares what is its own (settings, indexes, subscriptions, routes, workers) in a
`ServiceDefinition`; `create_service_app` wires the shared machinery around it.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Generic, TypeVar, Union

import structlog
from fastapi import APIRouter, FastAPI, Request
from faststream.kafka import KafkaBroker
from faststream.specification import AsyncAPI
from pydantic import Field
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import ConnectionFailure, PyMongoError
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.responses import JSONResponse, Response

from linkwork_runtime import health, metrics
from linkwork_runtime.access import public
from linkwork_runtime.answers import document_shared_answers
from linkwork_runtime.audit import AUDIT, AuditMiddleware, AuditTrail, audit_indexes
from linkwork_runtime.consumer import Consumer, Subscription, subscribe
from linkwork_runtime.dead_letter import DeadLetters
from linkwork_runtime.hardening import harden
from linkwork_runtime.kafka import OutboxProducer, build_broker, ensure_topics
from linkwork_runtime.logging import configure_logging
from linkwork_runtime.metrics_api import serve_metrics
from linkwork_runtime.metrics_backlog import consumer_lag, outbox_backlog
from linkwork_runtime.mongo import Document, IndexSpec, connect, ensure_indexes
from linkwork_runtime.outbox import LEASES, OutboxRelay
from linkwork_runtime.refusals import Refusal
from linkwork_runtime.repository import Stores
from linkwork_runtime.retry import is_transient
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.tokens import auth_problem, tokens_for
from linkwork_runtime.unit_of_work import (
    OUTBOX,
    RUNTIME_INDEXES,
    Clock,
    StoreFactory,
    UnitOfWork,
    utc_now,
)
from linkwork_schemas import events_on, topics

log = structlog.get_logger(__name__)
S = TypeVar("S", bound=Stores)
Worker = Callable[["Runtime[Any]"], Coroutine[Any, Any, None]]


@dataclass
class ServiceDefinition:
    settings: ServiceSettings
    title: str
    description: str
    store: StoreFactory[Any] = Stores  # the service's repositories (its `store.Store`)
    indexes: IndexSpec = field(default_factory=dict)
    subscriptions: Sequence[Subscription[Any]] = ()
    publishes: Sequence[str] = ()  # topics this service owns; documented in its AsyncAPI
    routers: Sequence[APIRouter] = ()
    workers: Sequence[Worker] = ()
    clock: Clock = utc_now  # what `tx.now` reads; tests may fix it
    # What the service's routes read from `app.state` besides the runtime (by name).
    state: Mapping[str, Any] = field(default_factory=dict)


class Runtime(Generic[S]):
    """The service's live resources, built once in the composition root."""

    def __init__(
        self, settings: ServiceSettings, store: StoreFactory[S], clock: Clock = utc_now
    ) -> None:
        self.settings = settings
        self.mongo: AsyncMongoClient[Document] = connect(settings.mongodb_uri)
        self.db: AsyncDatabase[Document] = self.mongo[settings.mongodb_database]
        self.store: S = store(self.db, None)  # outside a transaction: reads behind the API
        self.broker: KafkaBroker = build_broker(settings)
        # The relay's lease and mark-sent writes, and reads' audit entries: one round trip
        # each, without retryable writes (idempotent writes; on SecantusDB a retryable write
        # costs ~10x as much once the server has been busy).
        self.direct: AsyncMongoClient[Document] = connect(settings.mongodb_uri, retry_writes=False)
        relay_db = self.direct[settings.mongodb_database]
        self.relay = OutboxRelay(
            relay_db[OUTBOX],
            relay_db[LEASES],
            OutboxProducer(settings),
            poll_seconds=settings.outbox_poll_seconds,
            batch_size=settings.outbox_batch_size,
        )
        self.audit = AuditTrail(
            self.db,
            self.direct[settings.mongodb_database],
            settings.service_name,
            settings.audit_key,
            settings.audit_retention_years,
        )
        self.uow: UnitOfWork[S] = UnitOfWork(
            self.mongo,
            self.db,
            settings.service_name,
            store,
            clock=clock,
            on_commit=self.relay.notify,
            audit=self.audit,
        )
        self.dead_letters = DeadLetters(self.broker, settings)


def get_runtime(request: Request) -> Runtime[Any]:
    runtime: Runtime[Any] = request.app.state.runtime
    return runtime


class CorrelationMiddleware(BaseHTTPMiddleware):
    """Binds a correlation id (from `X-Correlation-ID` or new) to the request's logs/events."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        correlation_id = request.headers.get("x-correlation-id") or str(uuid.uuid4())
        request_id = str(uuid.uuid4())
        with structlog.contextvars.bound_contextvars(
            correlation_id=correlation_id, request_id=request_id
        ):
            response = await call_next(request)
        response.headers["X-Correlation-ID"] = correlation_id
        return response


def _document_publisher(broker: KafkaBroker, settings: ServiceSettings, topic: str) -> None:
    """Declare what the service publishes on `topic` so /asyncapi.json shows every payload.

    Events themselves are published by the outbox relay, not through this publisher.
    """
    if topic in topics.OUTBOUND:  # FHIR messages to GP systems, not Linkwork events
        broker.publisher(
            settings.topic(topic),
            title=f"{settings.service_name}:{topic}",
            description=topics.OUTBOUND[topic],
            schema=dict[str, Any],
        )
        return
    classes = events_on(topic)
    union: Any = Union[tuple(classes)]  # noqa: UP007 - built at run time from the catalogue
    broker.publisher(
        settings.topic(topic),
        title=f"{settings.service_name}:{topic}",
        description=f"Publishes: {', '.join(cls.type_name() for cls in classes)}",
        schema=Annotated[union, Field(discriminator="event_type")],
    )


async def _stop(
    runtime: Runtime[Any], tasks: list[asyncio.Task[None]], grace: float = 10.0
) -> None:
    """Stop within bounds: a worker or a broker that will not stop is logged, not waited for.

    Nothing is lost by cutting it short: every consumed offset is committed after its
    transaction, and outbox rows stay pending until the broker acknowledged them.
    """
    for task in tasks:
        task.cancel()
    steps = [
        ("workers", asyncio.gather(*tasks, return_exceptions=True)),
        ("relay", runtime.relay.stop()),
        ("audit", runtime.audit.stop()),
        ("broker", runtime.broker.stop()),
    ]
    for name, step in steps:
        try:
            await asyncio.wait_for(step, grace)
        except TimeoutError:
            log.warning("service.stop_timed_out", step=name)
    await runtime.mongo.close()
    await runtime.direct.close()
    log.info("service.stopped")


def audit_problem(settings: ServiceSettings) -> str | None:
    if settings.auth_mode != "development" and not settings.audit_hash_key:
        return (
            "AUDIT_HASH_KEY is not set: outside development NHS numbers in the audit trail are "
            "hashed with a key of your own (the same in every service)"
        )
    return None


class RefusedToStart(RuntimeError):
    """The settings are not safe to run with; the message says why, in one line."""


def refuse_unsafe_settings(settings: ServiceSettings, *, audited: bool = True) -> None:
    problem = auth_problem(settings) or (audit_problem(settings) if audited else None)
    if problem:
        raise RefusedToStart(f"{settings.service_name} refuses to start: {problem}")


def create_service_app(definition: ServiceDefinition) -> FastAPI:
    settings = definition.settings
    refuse_unsafe_settings(settings)
    configure_logging(settings.service_name, settings.log_level)
    runtime: Runtime[Any] = Runtime(settings, definition.store, definition.clock)
    for subscription in definition.subscriptions:
        consumer = Consumer(subscription, runtime.uow, runtime.dead_letters, settings)
        subscribe(runtime.broker, settings, consumer)

    for topic in definition.publishes:
        _document_publisher(runtime.broker, settings, topic)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        audit_index = {AUDIT: audit_indexes(settings.audit_retention_years)}
        await ensure_indexes(runtime.db, {**RUNTIME_INDEXES, **audit_index, **definition.indexes})
        await ensure_topics(settings)
        # Joining the consumer groups waits for partition assignment: bound it, so a broker
        # that never assigns makes the service fail to start rather than hang.
        await asyncio.wait_for(runtime.broker.start(), settings.kafka_start_timeout_seconds)
        tasks = [asyncio.create_task(runtime.relay.run(), name="outbox-relay")]
        runtime.audit.start_sealer(settings.audit_seal_seconds)
        tasks += [asyncio.create_task(worker(runtime)) for worker in definition.workers]
        log.info("service.started", port=settings.http_port)
        try:
            yield
        finally:
            await _stop(runtime, tasks)

    app = FastAPI(
        title=definition.title,
        description=definition.description,
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.audit = runtime.audit
    app.state.tokens = tokens_for(settings)
    for name, value in definition.state.items():
        setattr(app.state, name, value)
    app.add_middleware(AuditMiddleware)  # inside the correlation middleware: it reads the id
    app.add_middleware(CorrelationMiddleware)
    harden(app, settings)  # its answers (413, 429) carry the headers too
    _serve_metrics(app, runtime, definition.subscriptions)  # outermost: 413s, 429s counted
    app.add_exception_handler(Refusal, _refusal_answer)
    app.add_exception_handler(PyMongoError, _unavailable_answer)
    app.include_router(health.router)
    _serve_audit(app)
    _serve_dead_letters(app, settings, definition.subscriptions)
    for router in definition.routers:
        app.include_router(router)
    document_shared_answers(app)  # 401/403/422 in /openapi.json, as every route answers them

    spec = AsyncAPI(runtime.broker, title=f"{definition.title} events", version="0.1.0")

    @app.get(
        "/asyncapi.json",
        tags=["health"],
        summary="AsyncAPI document of this service",
        dependencies=[public("the documentation of the service's events")],
    )
    async def asyncapi() -> Any:
        return spec.to_specification().to_jsonable()

    return app


def _serve_dead_letters(
    app: FastAPI, settings: ServiceSettings, subscriptions: Sequence[Subscription[Any]]
) -> None:
    """`/dead-letters` for ops: what this service's consumers kept, on the topics they read."""
    # Imported here: its routes use linkwork_runtime.http, which imports this module.
    from linkwork_runtime import dead_letter_api

    consumes = sorted({subscription.topic for subscription in subscriptions})
    app.state.kept_dead_letters = dead_letter_api.ServiceDeadLetters(settings, consumes)
    app.include_router(dead_letter_api.router)


def _serve_metrics(
    app: FastAPI, runtime: Runtime[Any], subscriptions: Sequence[Subscription[Any]]
) -> None:
    """`/metrics`, with each partition's lag and the outbox's backlog read at each scrape."""
    settings = runtime.settings
    metrics.start_at_zero(settings.service_name, [(s.topic, s.name) for s in subscriptions])
    serve_metrics(
        app,
        settings.service_name,
        consumer_lag(runtime.broker, settings),
        outbox_backlog(runtime.db[OUTBOX], settings.service_name),
    )


def _serve_audit(app: FastAPI) -> None:
    from linkwork_runtime import audit_api  # it builds on linkwork_runtime.http, as routes do

    app.include_router(audit_api.router)


async def _unavailable_answer(request: Request, exc: Exception) -> Response:
    """The database could not complete a request in time (a transaction still conflicting
    after its retries, a connection lost): 503 with Retry-After, saying whether the change may
    have been made, never a 500 with the driver's words. Any other database error is a bug
    and is raised as one."""
    assert isinstance(exc, PyMongoError)
    if not is_transient(exc) and not isinstance(exc, ConnectionFailure):
        raise exc
    unknown = exc.has_error_label("UnknownTransactionCommitResult")
    log.warning(
        "http.database_unavailable",
        error=type(exc).__name__,
        method=request.method,
        outcome_unknown=unknown,
    )
    message = (
        "the database did not confirm the change in time: it may have been made; look "
        "before sending it again"
        if unknown
        else "the database could not complete the request in time and nothing was changed; "
        "send it again shortly"
    )
    return JSONResponse(
        {"detail": {"error": "database_unavailable", "message": message}},
        status_code=503,
        headers={"Retry-After": "5"},
    )


async def _refusal_answer(_: Request, exc: Exception) -> Response:
    """Every service's one mapping of a refusal to its HTTP answer."""
    assert isinstance(exc, Refusal)
    return JSONResponse({"detail": exc.detail()}, status_code=exc.status)


def serve(create_app: Callable[[Any], FastAPI], settings: ServiceSettings) -> None:
    """Run a service in this process (its `python -m linkwork_<name>` entry point)."""
    import uvicorn

    try:
        refuse_unsafe_settings(settings)
    except RefusedToStart as refused:
        sys.exit(str(refused))
    uvicorn.run(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,  # structlog owns the log format
        access_log=False,
    )
