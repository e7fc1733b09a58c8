"""One MongoDB transaction holding a state change, its outbox events and its processed mark.

Reliability rules 1 and 2: state and the events that announce it commit together, and a
consumed message is recorded as processed in the same commit as its effects.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import structlog
from bson import Binary
from pymongo import ASCENDING, AsyncMongoClient, IndexModel
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase

from linkwork_runtime.audit import Access, AuditTrail, write_in_transaction
from linkwork_runtime.mongo import Document
from linkwork_runtime.repository import Stores
from linkwork_schemas import Event

OUTBOX = "outbox"
PROCESSED = "processed_messages"

RUNTIME_INDEXES = {
    OUTBOX: [
        IndexModel([("event_id", ASCENDING)], unique=True),
        IndexModel([("sent_at", ASCENDING), ("_id", ASCENDING)]),
    ],
    PROCESSED: [],  # _id is the key: "<subscription>:<message id>"
}

T = TypeVar("T")
E = TypeVar("E", bound=Event)
S = TypeVar("S", bound=Stores)
Clock = Callable[[], datetime]
StoreFactory = Callable[[AsyncDatabase[Document], AsyncClientSession | None], S]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class OutboundMessage:
    """A message for another organisation's systems that is not a Linkwork event (a FHIR
    message bundle to a GP system): its own id, its kind (for logs and metrics, e.g.
    `bars-response`), the topic and key, and its bytes as they are to be sent."""

    message_id: str
    kind: str
    topic: str
    key: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


class Transaction(Generic[S]):
    """What a handler or action may touch: the service's store bound to this transaction
    (`tx.store.referrals`), the outbox (`record`, `emit`), and `now`, the clock's reading for
    this attempt (one instant for everything the transaction writes)."""

    def __init__(
        self,
        session: AsyncClientSession,
        database: AsyncDatabase[Document],
        producer: str,
        store: S,
        now: datetime,
    ) -> None:
        self.session = session
        self.db = database  # the runtime's own collections (outbox, processed marks)
        self.producer = producer
        self.store = store
        self.now = now
        self.emitted: list[Event] = []
        self._outbox_rows: list[Document] = []
        self.committed: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once this transaction has committed (not if it is rolled back or
        retried: a retry's work registers its own)."""
        if callback not in self.committed:
            self.committed.append(callback)

    async def emit(self, *events: Event) -> None:
        """Add events to the outbox; they are published only if the transaction commits.

        The rows are written together when the work is done (`flush`): a batch of messages
        whose handlers emit a hundred events inserts them in one request."""
        now = self.now
        self._outbox_rows.extend(
            {
                "event_id": str(event.event_id),
                "topic": event.TOPIC,
                "key": event.aggregate_id,
                "event_type": event.event_type,
                "headers": event.headers(),
                "body": Binary(event.to_bytes()),
                "created_at": now,
                "sent_at": None,
            }
            for event in events
        )
        self.emitted.extend(events)

    async def send(self, message: OutboundMessage) -> None:
        """Add an outbound message to the outbox: published, in commit order with the events
        of its key, only if the transaction commits (as `emit`)."""
        self._outbox_rows.append(
            {
                "event_id": message.message_id,
                "topic": message.topic,
                "key": message.key,
                "event_type": message.kind,
                "headers": {"message_id": message.message_id, **message.headers},
                "body": Binary(message.body),
                "created_at": self.now,
                "sent_at": None,
            }
        )

    async def flush(self) -> None:
        """Write the outbox rows emitted so far, in the order emitted (one request)."""
        rows, self._outbox_rows = self._outbox_rows, []
        if rows:
            await self.db[OUTBOX].insert_many(rows, ordered=True, session=self.session)

    async def record(
        self,
        event_class: type[E],
        *,
        aggregate_id: str,
        payload: Any,
        caused_by: Event | None = None,
    ) -> E:
        """Build an event in the current correlation chain and emit it."""
        context = structlog.contextvars.get_contextvars()
        event = event_class.build(
            aggregate_id=aggregate_id,
            payload=payload,
            producer=self.producer,
            caused_by=caused_by,
            correlation_id=None if caused_by else context.get("correlation_id"),
            causation_id=None if caused_by else context.get("request_id"),
        )
        await self.emit(event)
        return event

    async def claimed(self, subscription: str, message_ids: Sequence[str]) -> set[str]:
        """Which of these messages were already processed (one read)."""
        keys = [f"{subscription}:{message_id}" for message_id in message_ids]
        found = self.db[PROCESSED].find({"_id": {"$in": keys}}, {"_id": 1}, session=self.session)
        prefix = len(subscription) + 1
        return {doc["_id"][prefix:] async for doc in found}

    async def mark_processed(self, subscription: str, message_ids: Sequence[str]) -> None:
        """Record these messages as processed, in this transaction (one write). A concurrent
        duplicate makes the insert fail and the whole transaction retry, and then it is
        seen as claimed."""
        if message_ids:
            await self.db[PROCESSED].insert_many(
                [{"_id": f"{subscription}:{m}", "processed_at": self.now} for m in message_ids],
                session=self.session,
            )


class UnitOfWork(Generic[S]):
    """Runs work in one transaction (retried on transient transaction errors)."""

    def __init__(
        self,
        client: AsyncMongoClient[Document],
        database: AsyncDatabase[Document],
        producer: str,
        stores: StoreFactory[S],
        *,
        clock: Clock = utc_now,
        on_commit: Callable[[], None] = lambda: None,
        audit: AuditTrail | None = None,
    ) -> None:
        self._client = client
        self.db = database
        self._producer = producer
        self._stores = stores
        self.clock = clock
        self._on_commit = on_commit
        self._audit = audit
        self._serial: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    async def run(
        self, work: Callable[[Transaction[S]], Awaitable[T]], *, serial: str | None = None
    ) -> T:
        """`work` in one transaction; a change an HTTP request asked for commits with its
        audit entry.

        Work naming the same `serial` runs one at a time in this process, commit included:
        transactions that all write one hot document (a link worker's open places) would
        otherwise conflict and retry each other, slowly, until the driver gives up."""
        if serial is None:
            return await self._run(work)
        async with self._serial[serial]:
            return await self._run(work)

    async def _run(self, work: Callable[[Transaction[S]], Awaitable[T]]) -> T:
        audited: list[Access] = []
        last: list[Transaction[S]] = []
        async with self._client.start_session() as session:

            async def attempt(s: AsyncClientSession) -> T:
                store = self._stores(self.db, s)
                tx = Transaction(s, self.db, self._producer, store, self.clock())
                last[:] = [tx]
                result = await work(tx)
                await store.flush()
                await tx.flush()
                access = await write_in_transaction(s, self._audit, tx.emitted)
                audited[:] = [access] if access else []
                return result

            result = await session.with_transaction(attempt)
        for access in audited:
            access.written = True
        self._on_commit()  # wake the relay: the new outbox rows are visible now
        for callback in last[0].committed:
            callback()
        return result
