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
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import structlog
from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage

from linkwork_runtime.dead_letter import DeadLetters
from linkwork_runtime.retry import is_transient, retrying
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import Transaction, UnitOfWork
from linkwork_schemas import Event, InvalidMessage, parse_event

T = TypeVar("T")
log = structlog.get_logger(__name__)
Handler = Callable[[T, Transaction[Any]], Awaitable[None]]


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
    )


class Consumer(Generic[T]):
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

    async def deliver(self, message: KafkaMessage) -> None:
        raw: bytes = message.body
        # An inbound message without an envelope still gets a correlation id for its flow.
        correlation_id = message.headers.get("correlation_id") or str(uuid.uuid4())
        with structlog.contextvars.bound_contextvars(
            topic=self.subscription.topic,
            offset=getattr(message.raw_message, "offset", None),
            correlation_id=correlation_id,
        ):
            try:
                await self._process(raw, message)
                await message.ack()
            except Exception:
                log.exception("consumer.redeliver")
                await message.nack()

    async def _process(self, raw: bytes, message: KafkaMessage) -> None:
        try:
            item = self.subscription.parse(raw)
        except InvalidMessage as exc:
            await self._dead_letters.send(message, exc.reason, exc.where, "invalid_message")
            return
        bind = _context_of(item)
        with structlog.contextvars.bound_contextvars(**bind):
            try:
                await retrying(
                    self._settings,
                    lambda: self._uow.run(
                        lambda tx: self._apply(tx, item), serial=self.subscription.serial
                    ),
                )
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
                await self._dead_letters.send(message, f"{type(exc).__name__}: {exc}", where, kind)

    async def _apply(self, tx: Transaction[Any], item: T) -> None:
        await apply(self.subscription, tx, item)


async def apply(subscription: Subscription[T], tx: Transaction[Any], item: T) -> None:
    """One parsed message's effects in `tx`: claimed first when the subscription claims ids
    (a claimed one is skipped), then handled."""
    policy = subscription.idempotency
    if isinstance(policy, ClaimedById):
        message_id = policy.id_of(item)
        if not await tx.claim(subscription.name, message_id):
            log.info("consumer.duplicate_skipped", message_id=message_id)
            return
    await subscription.handle(item, tx)


def _context_of(item: object) -> dict[str, str]:
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
    """Register a consumer with faststream: manual ack, earliest offset, the service's group."""
    sub = consumer.subscription

    async def on_message(message: KafkaMessage) -> None:
        await consumer.deliver(message)

    async def undecoded(message: KafkaMessage) -> bytes:
        """The body as it came: the subscription parses it, so that what cannot be parsed
        (JSON nested 10,000 deep, say) is dead-lettered rather than lost in faststream's
        own JSON decoding before the consumer sees it."""
        body: bytes = message.body
        return body

    on_message.__name__ = f"on_{sub.name.replace('-', '_').replace('.', '_')}"
    broker.subscriber(
        settings.topic(sub.topic),
        # One group per subscription: a member joins and rebalances for one topic only, so a
        # restart does not wait on a rebalance across every topic the service reads.
        group_id=f"{settings.consumer_group}.{sub.name}",
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
        decoder=undecoded,
        session_timeout_ms=settings.kafka_session_timeout_ms,
        heartbeat_interval_ms=max(100, settings.kafka_session_timeout_ms // 6),
        title=f"{settings.service_name}:{sub.name}",
        description=sub.description,
    )(on_message)
