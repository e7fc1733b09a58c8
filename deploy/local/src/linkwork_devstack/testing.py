"""Helpers for tests against the real broker and database: read and write topics, run a
service app in-process with its lifespan, wait for an outcome."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any, TypeVar

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from fastapi import FastAPI

from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.topic_reader import Record, next_records, read_all

__all__ = [
    "Record",
    "bearer",
    "eventually",
    "publish",
    "read_all",
    "read_topic",
    "running",
    "serving",
    "settings_for",
]

T = TypeVar("T")
S = TypeVar("S", bound=ServiceSettings)


def settings_for(cls: type[S], kafka: str, mongo: str, tag: str, **overrides: Any) -> S:
    """Settings of one service, isolated under `tag` (topics and database)."""
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": kafka,
        "mongodb_uri": mongo,
        "kafka_topic_prefix": f"{tag}.",
        "kafka_session_timeout_ms": 3000,
        "outbox_poll_seconds": 0.1,
        "retry_max_backoff_seconds": 0.2,
        **overrides,
    }
    settings = cls(**values)
    return settings.model_copy(
        update={"mongodb_database": f"{tag}_{settings.service_name}"}
        if "mongodb_database" not in overrides
        else {}
    )


async def publish(
    bootstrap: str,
    topic: str,
    value: bytes,
    key: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(
            topic,
            value,
            key=key,
            headers=[(k, v.encode()) for k, v in (headers or {}).items()],
        )
    finally:
        await producer.stop()


async def read_topic(
    bootstrap: str,
    topic: str,
    *,
    until: Callable[[list[Record]], bool],
    timeout: float = 45.0,
) -> list[Record]:
    """Read `topic` from the beginning until `until(records)` holds or time runs out."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    records: list[Record] = []
    deadline = time.monotonic() + timeout
    try:
        while not until(records) and time.monotonic() < deadline:
            records += await next_records(consumer)
    finally:
        await consumer.stop()
    return records


async def eventually(
    probe: Callable[[], Awaitable[T]], check: Callable[[T], bool], timeout: float = 45.0
) -> T:
    """Poll `probe` until `check` holds; return the last value (the test asserts on it).

    The generous default absorbs a consumer-group rebalance on a loaded 2-core machine; a
    passing test returns as soon as the outcome is there.
    """
    deadline = time.monotonic() + timeout
    value = await probe()
    while not check(value) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        value = await probe()
    return value


@asynccontextmanager
async def running(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Run a service app with its lifespan (broker, relay, workers) and an HTTP client to it."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
            yield client


def bearer(settings: ServiceSettings, sub: str, *roles: str, **claims: str) -> dict[str, str]:
    token = issue_token(settings.development_secret, sub, list(roles), claims=claims)
    return {"Authorization": f"Bearer {token}"}


@asynccontextmanager
async def serving(app: Any, port: int | None = None) -> AsyncIterator[str]:
    """Run an ASGI app behind a real HTTP server (uvicorn, loopback) in this event loop, with
    its lifespan; yields its base URL. For peers a test needs on the wire (an identity
    provider, a stand-in SMS API)."""
    import uvicorn

    from linkwork_devstack.processes import free_port

    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()  # raises why it could not start
        await asyncio.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@contextmanager
def serving_in_a_thread(app: Any, port: int | None = None) -> Iterator[str]:
    """`serving`, on an event loop of its own in a thread: for a peer that other processes
    call while the test blocks (a synchronous HTTP call, the sync Playwright API)."""
    import threading

    import uvicorn

    from linkwork_devstack.processes import free_port

    port = port or free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"serving:{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the app could not start on 127.0.0.1:{port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
