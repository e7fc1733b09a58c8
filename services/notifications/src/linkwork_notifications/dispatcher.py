"""The dispatcher worker: sends pending e-mail and SMS deliveries after the transaction that
recorded them has committed, never inside it. Several run safely side by side (replicas): a
delivery is claimed with a lease; a stopped dispatcher hands back what it had not finished."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import structlog

from linkwork_notifications.channels.email import SmtpEmail
from linkwork_notifications.channels.sms import NotifySms
from linkwork_notifications.domain.notification import Channel
from linkwork_notifications.sending import DeliverySender
from linkwork_notifications.settings import Settings, quiet_hours_of
from linkwork_notifications.store import Deliveries
from linkwork_runtime.mongo import Document
from linkwork_runtime.service import Runtime

log = structlog.get_logger(__name__)


def _now() -> datetime:
    return datetime.now(UTC)


async def dispatcher_worker(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    holder = uuid.uuid4().hex
    async with httpx.AsyncClient() as http:
        sender = DeliverySender(
            uow=runtime.uow,
            senders={Channel.EMAIL: SmtpEmail(settings), Channel.SMS: NotifySms(settings, http)},
            settings=settings,
            quiet=quiet_hours_of(settings),
            holder=holder,
            clock=_now,
        )
        in_flight: set[asyncio.Task[None]] = set()
        try:
            await _dispatch(runtime, settings, sender, in_flight)
        finally:
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)
            await asyncio.shield(Deliveries(runtime.db).release(holder))


async def _dispatch(
    runtime: Runtime,
    settings: Settings,
    sender: DeliverySender,
    in_flight: set[asyncio.Task[None]],
) -> None:
    deliveries = Deliveries(runtime.db)
    lease = timedelta(seconds=settings.delivery_lease_seconds)
    while True:
        claimed = None
        if len(in_flight) < settings.dispatch_concurrency:
            try:
                claimed = await deliveries.claim_due(_now(), sender.holder, lease)
            except Exception:
                log.exception("notification.claim_failed")
        if claimed is None:
            await asyncio.sleep(settings.dispatch_poll_seconds)
            continue
        task = asyncio.create_task(_deliver(sender, claimed))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)


async def _deliver(sender: DeliverySender, delivery: Document) -> None:
    try:
        await sender.deliver(delivery)
    except Exception:  # e.g. the database went away: the lease runs out and it is retried
        log.exception("notification.delivery_interrupted", notification_id=delivery["_id"])
