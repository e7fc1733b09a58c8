"""The handler tier of tests: one handler, action or subscription run in a real MongoDB unit
of work, with no broker and no app start, returning the events it emitted.

    async with handler_tier(definition(settings)) as tier:
        ran = await tier.consume("journey-events", journey_closed)
        assert [e.event_type for e in ran.events] == ["ReferralClosed", ...]
        assert (await tier.store.referrals.get(referral_id))["status"] == "closed"

Faster than a broker round trip and as real as the database: what the tier proves about
state and emitted events holds in the running service, whose consumer calls the same
`consumer.apply` in the same kind of transaction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pymongo.monitoring import CommandListener

from linkwork_runtime.consumer import Subscription, apply, apply_batch, bind
from linkwork_runtime.mongo import connect, ensure_indexes
from linkwork_runtime.service import ServiceDefinition
from linkwork_runtime.unit_of_work import RUNTIME_INDEXES, Transaction, UnitOfWork
from linkwork_schemas import Event

T = TypeVar("T")
E = TypeVar("E", bound=Event)


@dataclass
class Ran(Generic[T]):
    """What a unit of work returned, and the events it put in the outbox (in order)."""

    result: T
    events: list[Event] = field(default_factory=list)

    def types(self) -> list[str]:
        return [event.event_type for event in self.events]

    def only(self, cls: type[E]) -> E:
        """The one event of `cls` it emitted (the test fails if there is not exactly one)."""
        found = [event for event in self.events if isinstance(event, cls)]
        assert len(found) == 1, f"expected one {cls.__name__}, emitted {self.types()}"
        return found[0]


class HandlerTier:
    """A service's unit of work on its own (real) database; `store` reads what it wrote."""

    def __init__(self, definition: ServiceDefinition, uow: UnitOfWork[Any], store: Any) -> None:
        self.definition = definition
        self.settings = definition.settings
        self.uow = uow
        self.store = store

    async def run(self, work: Callable[[Transaction[Any]], Awaitable[T]]) -> Ran[T]:
        """Run `work` in one transaction (an action, a job's step); what it emitted."""
        last: list[Transaction[Any]] = []

        async def attempt(tx: Transaction[Any]) -> T:
            last[:] = [tx]  # a retried transaction's events are the last attempt's
            return await work(tx)

        result = await self.uow.run(attempt)
        return Ran(result, list(last[0].emitted))

    async def handle(
        self, handler: Callable[..., Awaitable[None]], message: Any, **dependencies: Any
    ) -> Ran[None]:
        """One handler on one message, its dependencies given by name (as the app binds them)."""
        bound = bind(handler, dependencies)
        return await self.run(lambda tx: bound(message, tx))

    async def consume(self, subscription: str, message: Any) -> Ran[None]:
        """A message through the named subscription of the service, as its consumer applies
        it (the claim of its id included: a second delivery emits nothing)."""
        chosen = self._subscription(subscription)
        item = chosen.parse(message) if isinstance(message, bytes) else message
        return await self.run(lambda tx: apply(chosen, tx, item))

    async def consume_batch(self, subscription: str, messages: Sequence[Any]) -> Ran[None]:
        """Messages through the named subscription as one batch, in one transaction, as the
        consumer applies what the broker had ready."""
        chosen = self._subscription(subscription)
        items = [chosen.parse(m) if isinstance(m, bytes) else m for m in messages]

        async def work(tx: Transaction[Any]) -> None:
            await apply_batch(chosen, tx, items)

        return await self.run(work)

    def _subscription(self, name: str) -> Subscription[Any]:
        for subscription in self.definition.subscriptions:
            if subscription.name == name:
                return subscription
        known = [s.name for s in self.definition.subscriptions]
        raise LookupError(f"no subscription {name!r}; the service has {known}")


@asynccontextmanager
async def handler_tier(
    definition: ServiceDefinition, listeners: Sequence[CommandListener] = ()
) -> AsyncIterator[HandlerTier]:
    """The service's database with its indexes, and a unit of work on it; closed after.
    `listeners` see every command its client sends."""
    settings = definition.settings
    client = connect(settings.mongodb_uri, listeners=listeners)
    db = client[settings.mongodb_database]
    try:
        await ensure_indexes(db, {**RUNTIME_INDEXES, **definition.indexes})
        uow: UnitOfWork[Any] = UnitOfWork(
            client, db, settings.service_name, definition.store, clock=definition.clock
        )
        yield HandlerTier(definition, uow, definition.store(db, None))
    finally:
        await client.close()
