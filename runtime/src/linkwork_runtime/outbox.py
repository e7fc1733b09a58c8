"""The outbox relay: publishes committed outbox rows to Kafka in order, then marks them sent.

It resumes whatever is pending after a restart. A crash between publishing and marking
re-publishes a few events: consumers are idempotent, so that is harmless. Only one relay per
database publishes at a time (a lease), so replicas of a service keep per-key order.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import structlog
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError, PyMongoError

from linkwork_runtime.mongo import Document

LEASES = "leases"
log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class OutboxRecord:
    event_id: str
    topic: str
    key: str
    headers: dict[str, str]
    body: bytes


Publish = Callable[[OutboxRecord], Awaitable[None]]


class OutboxRelay:
    def __init__(
        self,
        outbox: AsyncCollection[Document],
        leases: AsyncCollection[Document],
        publish: Publish,
        *,
        poll_seconds: float = 0.5,
        batch_size: int = 100,
        lease_seconds: float = 15.0,
    ) -> None:
        self._outbox = outbox
        self._leases = leases
        self._publish = publish
        self._poll = poll_seconds
        self._batch = batch_size
        self._lease = timedelta(seconds=lease_seconds)
        self._holder = uuid.uuid4().hex
        self._wake = asyncio.Event()
        self._stopped = asyncio.Event()

    def notify(self) -> None:
        """Something was committed: publish now rather than at the next poll."""
        self._wake.set()

    async def pending_count(self) -> int:
        return await self._outbox.count_documents({"sent_at": None})

    async def publish_pending(self) -> int:
        """Publish one batch of pending events in commit order; return how many were sent."""
        if not await self._hold_lease():
            return 0
        docs = (
            await self._outbox.find({"sent_at": None}).sort("_id", 1).limit(self._batch).to_list()
        )
        sent: list[object] = []
        try:
            for doc in docs:
                await self._publish(_record(doc))
                sent.append(doc["_id"])
        finally:
            # Mark what did go out even when a later one failed; the rest stays pending, in order.
            if sent:
                await self._outbox.update_many(
                    {"_id": {"$in": sent}}, {"$set": {"sent_at": datetime.now(UTC)}}
                )
        return len(sent)

    async def run(self) -> None:
        """Loop until stop(): publish, then wait for a commit notice or the poll interval."""
        failures = 0
        while not self._stopped.is_set():
            self._wake.clear()
            try:
                count = await self.publish_pending()
                failures = 0
            except Exception:
                failures += 1
                log.exception("outbox.publish_failed", attempt=failures)
                await self._sleep(min(0.2 * 2**failures, 10.0))
                continue
            if count < self._batch:
                await self._wait_for_work()

    async def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        with contextlib.suppress(PyMongoError):
            await self._leases.delete_one({"_id": "outbox-relay", "holder": self._holder})

    async def _wait_for_work(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=self._poll)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), timeout=seconds)

    async def _hold_lease(self) -> bool:
        now = datetime.now(UTC)
        try:
            await self._leases.find_one_and_update(
                {
                    "_id": "outbox-relay",
                    "$or": [{"holder": self._holder}, {"expires_at": {"$lt": now}}],
                },
                {"$set": {"holder": self._holder, "expires_at": now + self._lease}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False  # another replica's relay holds it
        return True


def _record(doc: Document) -> OutboxRecord:
    return OutboxRecord(
        event_id=doc["event_id"],
        topic=doc["topic"],
        key=doc["key"],
        headers=dict(doc["headers"]),
        body=bytes(doc["body"]),
    )
