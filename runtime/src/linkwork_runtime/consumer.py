"""The idempotent consumer: parse, process in one transaction, ack after; never lose input.

Every subscriber in Linkwork is registered through `subscribe`, which pins the rules:
- ack only after the effects are committed (rule 3; faststream's Kafka default acks first);
- a message that cannot be parsed, or that its handler refuses, goes to `<topic>.dlq` with
  the reason and the original bytes, and the consumer moves on (rule 4);
- transient errors (database or broker unreachable) are retried with backoff, then the
  message is handed back (nack) to be redelivered rather than skipped;
- each subscription names its idempotency (rule 2): the message id claimed in the same
  transaction as the effects (`ClaimedById`), or a key of the message's own that its handler
  looks up (`KeyedByHandler`);
- a handler's dependencies (settings, clock...) are injected where the subscription is
  built, by the names of its parameters (`bind`).
"""

from __future__ import annotations

import functools
import inspect
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage

from linkwork_runtime import metrics
from linkwork_runtime.dead_letter import DeadLetters, Received
from linkwork_runtime.retry import is_transient, retrying
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import Transaction, UnitOfWork
from linkwork_schemas import Event, InvalidMessage, parse_event

T = TypeVar("T")
log = structlog.get_logger(__name__)
Handler = Callable[[T, Transaction[Any]], Awaitable[None]]
Prepare = Callable[[Sequence[T], Transaction[Any]], Awaitable[None]]


class HandlerRefused(Exception):
    """A handler's verdict that a well-formed message cannot be processed; it is dead-lettered."""


@dataclass(frozen=True)
class ClaimedById(Generic[T]):
    """Idempotency by message id: the id is claimed in the transaction of the message's effects
    (a unique key), so a redelivered or replayed message is acknowledged and skipped."""

    id_of: Callable[[T], str]

    def describe(self) -> str:
        return "each message id is processed once"


@dataclass(frozen=True)
class KeyedByHandler:
    """Idempotency by a key of the message's own, which the handler looks up before it acts:
    a repeat is answered with what the first one made (e.g. a referral by its source id,
    however often a GP system sends it, whatever envelope it comes in)."""

    key: str

    def describe(self) -> str:
        return f"a repeat is recognised by {self.key}"


Idempotency = ClaimedById[T] | KeyedByHandler


@dataclass(frozen=True)
class Subscription(Generic[T]):
    """What one service consumes from one topic and how."""

    name: str
    topic: str
    parse: Callable[[bytes], T]
    handle: Handler[T]
    idempotency: Idempotency[T]
    description: str = ""
    # Messages whose work runs one at a time with the service's other work of that name
    # (`UnitOfWork.run(serial=...)`).
    serial: str | None = None
    # Reads for a whole batch, before its handlers run, in its transaction: what each handler
    # would otherwise ask the database for one message at a time (see `apply_batch`).
    prepare: Prepare[T] | None = None


def bind(handler: Callable[..., Awaitable[None]], dependencies: Mapping[str, Any]) -> Handler[Any]:
    """The handler as `(message, tx)`: the parameters it names after those two are bound from
    the dependencies the composition root provides (settings, clock, a notifier...).

    A handler that names a dependency the app does not provide fails here, at start.
    """
    wanted = list(inspect.signature(handler).parameters.values())[2:]
    missing = [p.name for p in wanted if p.name not in dependencies and p.default is p.empty]
    if missing:
        raise TypeError(
            f"{handler.__qualname__} needs {missing}; the app provides {sorted(dependencies)}"
        )
    bound = {p.name: dependencies[p.name] for p in wanted if p.name in dependencies}
    return functools.partial(handler, **bound) if bound else handler


def subscription(
    name: str,
    topic: str,
    *,
    parse: Callable[[bytes], T],
    handler: Callable[..., Awaitable[None]],
    idempotency: Idempotency[T],
    dependencies: Mapping[str, Any] | None = None,
    description: str = "",
    serial: str | None = None,
    prepare: Prepare[T] | None = None,
) -> Subscription[T]:
    """A subscription whose handler gets its dependencies injected (see `bind`)."""
    return Subscription(
        name=name,
        topic=topic,
        parse=parse,
        handle=bind(handler, dependencies or {}),
        idempotency=idempotency,
        description=f"{description} ({idempotency.describe()})".strip(),
        serial=serial,
        prepare=prepare,
    )


def _event_id(event: Event) -> str:
    return str(event.event_id)


BY_EVENT_ID: ClaimedById[Event] = ClaimedById(_event_id)


def event_subscription(
    name: str,
    topic: str,
    handlers: Mapping[type[Event], Callable[..., Awaitable[None]]],
    dependencies: Mapping[str, Any] | None = None,
    serial: str | None = None,
    prepare: Prepare[Event] | None = None,
) -> Subscription[Event]:
    """Consume an event topic, each event once; events this service has no handler for are
    skipped. Handlers get the dependencies they name injected (see `bind`)."""
    bound = {cls: bind(handler, dependencies or {}) for cls, handler in handlers.items()}

    async def dispatch(event: Event, tx: Transaction[Any]) -> None:
        handler = bound.get(type(event))
        if handler is not None:
            await handler(event, tx)

    return Subscription(
        name=name,
        topic=topic,
        parse=parse_event,
        handle=dispatch,
        idempotency=BY_EVENT_ID,
        description=f"Handles: {', '.join(sorted(cls.type_name() for cls in handlers))}",
        serial=serial,
        prepare=prepare,
    )


@dataclass(frozen=True)
class _DeadLetter:
    message: Received
    reason: str
    where: str
    kind: str


@dataclass(frozen=True)
class _Applied:
    processed: int
    duplicates: int


class Consumer(Generic[T]):
    """Takes what the broker has ready, up to `CONSUMER_MAX_BATCH` messages, and applies the
    batch in one transaction: one read of which ids are claimed, the handlers in order (so
    per-key order holds), one insert of the claims, one of the outbox rows, one commit, then
    one offset commit. A batch that a handler refuses is applied again message by message,
    so only the message at fault is dead-lettered."""

    def __init__(
        self,
        subscription: Subscription[T],
        uow: UnitOfWork[Any],
        dead_letters: DeadLetters,
        settings: ServiceSettings,
    ) -> None:
        self.subscription = subscription
        self._uow = uow
        self._dead_letters = dead_letters
        self._settings = settings
        self._labels = (settings.service_name, subscription.topic, subscription.name)

    async def deliver(self, message: KafkaMessage) -> None:
        """One batch from faststream's batch subscriber: acked after its effects committed,
        handed back (every partition rewound to the batch's first offset) otherwise."""
        records = message.raw_message
        batch = [Received.of(r) for r in (records if isinstance(records, tuple) else (records,))]
        if not batch:
            return
        began = time.perf_counter()
        metrics.CONSUMED.labels(*self._labels).inc(len(batch))
        metrics.BATCH_SIZE.labels(*self._labels).observe(len(batch))
        with structlog.contextvars.bound_contextvars(
            topic=self.subscription.topic, batch=len(batch)
        ):
            try:
                await self.process(batch)
                await message.ack()
            except Exception:
                log.exception("consumer.redeliver", first_offset=batch[0].raw_message.offset)
                metrics.REDELIVERED.labels(*self._labels).inc(len(batch))
                await message.nack()
        metrics.BATCH_SECONDS.labels(*self._labels).observe(time.perf_counter() - began)

    async def process(self, batch: Sequence[Received]) -> None:
        """Parse each message, apply the well-formed ones together, keep the rest.

        Raises only for a transient failure that outlasted the retries: the caller hands the
        batch back to be redelivered (what was applied is skipped then), never skipped."""
        parsed: list[tuple[Received, T]] = []
        dead: list[_DeadLetter] = []
        for received in batch:
            try:
                parsed.append((received, self.subscription.parse(received.body)))
            except InvalidMessage as exc:
                dead.append(_DeadLetter(received, exc.reason, exc.where, "invalid_message"))
        if len(parsed) > 1:
            try:
                applied = await self._apply(parsed)
                self._count(applied)
                parsed = []
            except Exception as exc:
                if is_transient(exc):
                    raise
                log.warning("consumer.batch_refused_one_by_one", error=type(exc).__name__)
        for received, item in parsed:
            refusal = await self._process_one(received, item)
            if refusal is not None:
                dead.append(refusal)
        # Kept only once the batch's effects are committed (a batch handed back is not
        # dead-lettered twice), in the order they came.
        position = {id(received): index for index, received in enumerate(batch)}
        for letter in sorted(dead, key=lambda letter: position[id(letter.message)]):
            await self._dead_letters.send(letter.message, letter.reason, letter.where, letter.kind)
            metrics.DEAD_LETTERED.labels(*self._labels, letter.kind).inc()

    async def _process_one(self, received: Received, item: T) -> _DeadLetter | None:
        """One message in its own transaction: its refusal, if its handler refused it."""
        with structlog.contextvars.bound_contextvars(**_context_of(received, item)):
            try:
                self._count(await self._apply([(received, item)]))
            except Exception as exc:
                if is_transient(exc):
                    raise  # still failing after the retries: redeliver, never skip
                # A refusal or a bug on this one message: keep it and go on with the next.
                where = exc.where if isinstance(exc, InvalidMessage) else "$"
                kind = (
                    "handler_refused"
                    if isinstance(exc, HandlerRefused | ValueError)
                    else "handler_error"
                )
                return _DeadLetter(received, f"{type(exc).__name__}: {exc}", where, kind)
        return None

    async def _apply(self, parsed: list[tuple[Received, T]]) -> _Applied:
        items = [item for _, item in parsed]
        # Fixed before the first attempt: a retried transaction logs under the same ids.
        contexts = [_context_of(received, item) for received, item in parsed]
        return await retrying(
            self._settings,
            lambda: self._uow.run(
                lambda tx: apply_batch(self.subscription, tx, items, contexts, self._labels),
                serial=self.subscription.serial,
            ),
        )

    def _count(self, applied: _Applied) -> None:
        metrics.PROCESSED.labels(*self._labels).inc(applied.processed)
        metrics.DUPLICATES.labels(*self._labels).inc(applied.duplicates)


async def apply(subscription: Subscription[T], tx: Transaction[Any], item: T) -> None:
    """One parsed message's effects in `tx`: claimed first when the subscription claims ids
    (a claimed one is skipped), then handled."""
    await apply_batch(subscription, tx, [item])


async def apply_batch(
    subscription: Subscription[T],
    tx: Transaction[Any],
    items: Sequence[T],
    contexts: Sequence[Mapping[str, Any]] | None = None,
    labels: tuple[str, str, str] | None = None,
) -> _Applied:
    """Parsed messages' effects in `tx`, in order: when the subscription claims ids, one read
    finds those already processed (skipped, as is a second copy within the batch), the
    subscription's `prepare` reads for the rest at once, then they are handled and their
    claims written in one insert."""
    policy = subscription.idempotency
    ids: list[str] = []
    seen: set[str] = set()
    if isinstance(policy, ClaimedById):
        ids = [policy.id_of(item) for item in items]
        seen = await tx.claimed(subscription.name, ids)
    if subscription.prepare is not None:
        await subscription.prepare(
            [item for i, item in enumerate(items) if not ids or ids[i] not in seen], tx
        )
    fresh: list[str] = []
    duplicates = 0
    for index, item in enumerate(items):
        context = contexts[index] if contexts else _event_context(item)
        with structlog.contextvars.bound_contextvars(**context):
            if ids:
                message_id = ids[index]
                if message_id in seen:
                    log.info("consumer.duplicate_skipped", message_id=message_id)
                    duplicates += 1
                    continue
                seen.add(message_id)
                fresh.append(message_id)
            began = time.perf_counter()
            await subscription.handle(item, tx)
            if labels is not None:
                metrics.HANDLER_SECONDS.labels(*labels).observe(time.perf_counter() - began)
    await tx.mark_processed(subscription.name, fresh)
    return _Applied(processed=len(items) - duplicates, duplicates=duplicates)


def _context_of(received: Received, item: object) -> dict[str, Any]:
    """What a message's logs and events carry: its offset, and its correlation id (an inbound
    message without an envelope gets one for its flow, from its header or new)."""
    return {
        "offset": received.raw_message.offset,
        "correlation_id": received.headers.get("correlation_id") or str(uuid.uuid4()),
        **_event_context(item),
    }


def _event_context(item: object) -> dict[str, str]:
    if isinstance(item, Event):
        return {
            "correlation_id": item.correlation_id,
            "event_id": str(item.event_id),
            "event_type": item.event_type,
        }
    return {}


def subscribe(
    broker: KafkaBroker,
    settings: ServiceSettings,
    consumer: Consumer[Any],
) -> None:
    """Register a consumer with faststream: batches of what the broker has ready, manual ack,
    earliest offset, the service's group."""
    sub = consumer.subscription

    async def on_message(message: KafkaMessage) -> None:
        await consumer.deliver(message)

    async def undecoded(message: KafkaMessage) -> Any:
        """The bodies as they came: the subscription parses each, so that what cannot be
        parsed (JSON nested 10,000 deep, say) is dead-lettered rather than lost in
        faststream's own JSON decoding before the consumer sees it."""
        return message.body  # the batch's bodies, a list of bytes

    on_message.__name__ = f"on_{sub.name.replace('-', '_').replace('.', '_')}"
    broker.subscriber(
        settings.topic(sub.topic),
        # One group per subscription: a member joins and rebalances for one topic only, so a
        # restart does not wait on a rebalance across every topic the service reads.
        group_id=f"{settings.consumer_group}.{sub.name}",
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
        batch=True,
        max_records=settings.consumer_max_batch,
        fetch_max_wait_ms=settings.kafka_fetch_max_wait_ms,
        decoder=undecoded,
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=max(100, settings.kafka_session_timeout_ms // 6),
        title=f"{settings.service_name}:{sub.name}",
        description=sub.description,
    )(on_message)
