"""The outbox relay: publishes committed outbox rows to Kafka in order, then marks them sent.

A round reads up to `batch_size` pending rows in commit order, hands them to the publisher at
once (it sends them without waiting for each acknowledgement), and marks the acknowledged ones
sent in one write. The publisher acknowledges a row only if every earlier row of its key in the
round was acknowledged too, so a failure in the middle leaves, per key, what was sent marked
and the rest pending in order; the next round sends the rest. Consumers therefore see each
key's events in commit order. A crash between publishing and marking re-publishes a round's
events after their first copies: consumers skip those by event id.

It resumes whatever is pending after a restart. Only one relay per database publishes at a
time (a lease), so replicas of a service keep per-key order. Give it collections of a client
without retryable writes: its lease and mark-sent writes are idempotent, and on SecantusDB a
retryable write pays for the server's record of them (up to ~13 ms each once it holds 10,000).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

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


# Per record: True acknowledged, False not sent this round, or the error that stopped it.
Outcome = bool | Exception


class OutboxPublisher(Protocol):
    async def publish(self, records: Sequence[OutboxRecord]) -> list[Outcome]:
        """Send `records` together; one outcome each, in order. A record is acknowledged
        only if every earlier record with its topic and key in `records` was."""
        ...

    async def close(self) -> None: ...


class RoundFailed(Exception):
    """Some events of a round were not published; those acknowledged are marked sent."""


class OutboxRelay:
    def __init__(
        self,
        outbox: AsyncCollection[Document],
        leases: AsyncCollection[Document],
        publisher: OutboxPublisher,
        *,
        poll_seconds: float = 0.5,
        batch_size: int = 100,
        lease_seconds: float = 15.0,
    ) -> None:
        self._outbox = outbox
        self._leases = leases
        self._publisher = publisher
        self._poll = poll_seconds
        self._batch = batch_size
        self._lease = timedelta(seconds=lease_seconds)
        self._holder = uuid.uuid4().hex
        self._held_until: datetime | None = None
        self._wake = asyncio.Event()
        self._stopped = asyncio.Event()

    def notify(self) -> None:
        """Something was committed: publish now rather than at the next poll."""
        self._wake.set()

    async def pending_count(self) -> int:
        return await self._outbox.count_documents({"sent_at": None})

    async def publish_pending(self) -> int:
        """Publish one round of pending events; return how many the broker acknowledged.

        Raises `RoundFailed` after marking what was sent when any event was not published.
        """
        if not await self._hold_lease():
            return 0
        docs = (
            await self._outbox.find({"sent_at": None}).sort("_id", 1).limit(self._batch).to_list()
        )
        if not docs:
            return 0
        outcomes = await self._publisher.publish([_record(doc) for doc in docs])
        sent = [doc["_id"] for doc, outcome in zip(docs, outcomes, strict=True) if outcome is True]
        if sent:
            await self._outbox.update_many(
                {"_id": {"$in": sent}}, {"$set": {"sent_at": datetime.now(UTC)}}
            )
        errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        if errors:
            raise RoundFailed(
                f"{len(errors)} of {len(docs)} events were not published ({len(sent)} were); "
                "they stay pending, in order"
            ) from errors[0]
        return len(sent)

    async def run(self) -> None:
        """Loop until stop(): publish while there is work, else wait for a commit or the poll."""
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
            if count == 0:
                await self._wait_for_work()

    async def stop(self) -> None:
        self._stopped.set()
        self._wake.set()
        with contextlib.suppress(PyMongoError):
            await self._leases.delete_one({"_id": "outbox-relay", "holder": self._holder})
        self._held_until = None
        await self._publisher.close()

    async def _wait_for_work(self) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=self._poll)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopped.wait(), timeout=seconds)

    async def _hold_lease(self) -> bool:
        now = datetime.now(UTC)
        if self._held_until is not None and now < self._held_until - self._lease / 2:
            return True  # renewed less than half a lease ago: no other relay can hold it
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
            self._held_until = None
            return False  # another replica's relay holds it
        self._held_until = now + self._lease
        return True


def _record(doc: Document) -> OutboxRecord:
    return OutboxRecord(
        event_id=doc["event_id"],
        topic=doc["topic"],
        key=doc["key"],
        headers=dict(doc["headers"]),
        body=bytes(doc["body"]),
    )
