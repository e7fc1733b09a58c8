"""The dispatcher worker: pending e-mail and SMS deliveries sent after their commit.

It sends them after the transaction that recorded them has committed, never inside it. Several
run safely side by side (replicas): a delivery is claimed with a lease, renewed while it is
being sent, so a short lease is safe however long the retries take; a stopped dispatcher hands
back what it had not finished, and what a killed one held is taken over when its lease runs
out. A delivery taken over with a `sent` attempt already kept is made final, not sent again.

A claimed delivery is never sent in quiet hours for the person referred, nor once a reminder
could only arrive at or after what it reminds of (cancelled instead); every attempt is kept;
then it is made final in one transaction (actions.sending).

And the escalation timer: a safeguarding concern still unacknowledged SAFEGUARDING_ESCALATE_HOURS
after it was raised is escalated to every manager of its team, once. Restart-safe: what is due
is read from the database at every pass, and each concern is escalated in its own transaction
whose conditional update (open -> escalated) commits with the event and the notifications, so a
second pass, a replica or a restart never escalates twice (`actions.safeguarding.escalate`)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta

import httpx
import structlog

from linkwork_notifications.actions import sending
from linkwork_notifications.actions.notify import Notifier
from linkwork_notifications.actions.safeguarding import escalate
from linkwork_notifications.actions.sending import Outcome
from linkwork_notifications.channels import (
    OutgoingMessage,
    PermanentDeliveryError,
    Sender,
    TransientDeliveryError,
)
from linkwork_notifications.channels.email import SmtpEmail
from linkwork_notifications.channels.retries import Retries, send_with_retries
from linkwork_notifications.channels.sms import NotifySms
from linkwork_notifications.domain.delivery_plan import TOO_LATE, earliest_send
from linkwork_notifications.domain.notification import Channel
from linkwork_notifications.domain.quiet_hours import QuietHours
from linkwork_notifications.settings import Settings, quiet_hours_of
from linkwork_notifications.store import Store, Tx
from linkwork_notifications.store.deliveries import CANCELLED, FAILED, SENT, Deliveries
from linkwork_notifications.store.feed import NUMBERING
from linkwork_runtime import metrics
from linkwork_runtime.mongo import Document
from linkwork_runtime.scheduling import every
from linkwork_runtime.service import Runtime, Worker
from linkwork_runtime.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Courier:
    """One dispatcher's means: the channels' senders, its rules and the id it holds leases by."""

    uow: UnitOfWork[Store]
    senders: Mapping[str, Sender]
    settings: Settings
    quiet: QuietHours
    holder: str
    # Its claims, attempts and hand-backs outside a transaction, without retryable writes:
    # each is guarded by its holder, so a repeat changes nothing, and the embedded server
    # charges a retryable write ~10x a plain one once it has been busy.
    deliveries: Deliveries


# How long a stopping dispatcher waits for its sends in progress (within the runtime's own
# bound on stopping a worker).
STOP_GRACE_SECONDS = 5.0


async def dispatch_deliveries(runtime: Runtime[Store]) -> None:
    """The worker: claim what is due, up to DISPATCH_CONCURRENCY at once (in one claim), until
    stopped."""
    settings = runtime.settings
    assert isinstance(settings, Settings)
    holder = uuid.uuid4().hex
    async with httpx.AsyncClient() as http:
        senders: dict[str, Sender] = {
            Channel.EMAIL: SmtpEmail(settings),
            Channel.SMS: NotifySms(settings, http),
        }
        for channel in senders:  # at 0 from the start: the first failure is an increase
            for outcome in (SENT, FAILED, CANCELLED):
                metrics.DELIVERIES.labels(settings.service_name, channel, outcome)
        direct = Store(runtime.direct[settings.mongodb_database])
        courier = Courier(
            runtime.uow, senders, settings, quiet_hours_of(settings), holder, direct.deliveries
        )
        in_flight: set[asyncio.Task[None]] = set()
        try:
            await _dispatch(courier, in_flight)
        finally:
            # Sends in progress are let finish, within bounds: one cancelled between the
            # provider's acceptance and the record of it would be sent again by the next start.
            if in_flight:
                await asyncio.wait(set(in_flight), timeout=STOP_GRACE_SECONDS)
            for task in in_flight:
                task.cancel()
            await asyncio.gather(*in_flight, return_exceptions=True)
            await asyncio.shield(courier.deliveries.release(holder))


async def _dispatch(courier: Courier, in_flight: set[asyncio.Task[None]]) -> None:
    settings = courier.settings
    lease = timedelta(seconds=settings.delivery_lease_seconds)
    while True:
        claimed: list[Document] = []
        room = settings.dispatch_concurrency - len(in_flight)
        if room > 0:
            try:
                now = courier.uow.clock()
                claimed = await courier.deliveries.claim(now, courier.holder, lease, room)
            except Exception:
                log.exception("notification.claim_failed")
        if not claimed:
            await asyncio.sleep(settings.dispatch_poll_seconds)
            continue
        for delivery in claimed:
            task = asyncio.create_task(_deliver(courier, delivery))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)


async def _deliver(courier: Courier, delivery: Document) -> None:
    try:
        await deliver(courier, delivery)
    except Exception:  # e.g. the database went away: the lease runs out and it is retried
        log.exception("notification.delivery_interrupted", notification_id=delivery["_id"])


async def deliver(courier: Courier, delivery: Document) -> None:
    """Send one claimed delivery now, later (quiet hours) or never (too late), then finish it.

    One that a stopped dispatcher had already sent (its `sent` attempt kept) is only finished:
    the person is not sent the same message twice."""
    if any(attempt.get("outcome") == SENT for attempt in delivery.get("attempts", ())):
        await _finish(courier, delivery, Outcome(SENT))
        return
    now = courier.uow.clock()
    quiet = courier.quiet if delivery.get("quiet_hours") else None
    allowed = earliest_send(now, quiet, delivery.get("send_before"))
    if allowed is None:
        await _finish(courier, delivery, Outcome(CANCELLED, TOO_LATE))
    elif allowed > now:
        await courier.deliveries.postpone(delivery["_id"], courier.holder, allowed)
    else:
        async with _lease_kept(courier, delivery["_id"]):
            outcome = await _send(courier, delivery)
            await _finish(courier, delivery, outcome)


@contextlib.asynccontextmanager
async def _lease_kept(courier: Courier, notification_id: str) -> AsyncIterator[None]:
    """The delivery's lease renewed every third of its term while the block runs: retries
    with backoff can outlast any short lease, and a long lease would leave what a killed
    dispatcher held unsent for that long."""
    term = timedelta(seconds=courier.settings.delivery_lease_seconds)

    async def renew() -> None:
        while True:
            await asyncio.sleep(term.total_seconds() / 3)
            try:
                until = courier.uow.clock() + term
                if not await courier.deliveries.renew(notification_id, courier.holder, until):
                    return  # taken over: this dispatcher's result will not be recorded
            except Exception:  # the database away for a moment: try again next time
                log.warning("notification.lease_renewal_failed", notification_id=notification_id)

    renewing = asyncio.create_task(renew())
    try:
        yield
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing


async def _send(courier: Courier, delivery: Document) -> Outcome:
    s = courier.settings

    async def attempted(outcome: str, reason: str | None) -> None:
        attempt = {"at": courier.uow.clock(), "outcome": outcome}
        await courier.deliveries.add_attempt(
            delivery["_id"], attempt if reason is None else attempt | {"reason": reason}
        )

    retries = Retries(
        s.delivery_attempts, s.delivery_backoff_seconds, s.delivery_max_backoff_seconds
    )
    try:
        sender = courier.senders[delivery["channel"]]
        await send_with_retries(sender, _message(delivery), retries, attempted)
    except PermanentDeliveryError as exc:
        return Outcome(FAILED, exc.reason, "rejected")
    except TransientDeliveryError as exc:
        reason = f"gave up after {s.delivery_attempts} attempts: {exc.reason}"
        return Outcome(FAILED, reason, "retries_exhausted")
    except Exception as exc:  # a fault here must not leave it "sending" forever
        log.exception("notification.send_error", notification_id=delivery["_id"])
        return Outcome(FAILED, f"internal error: {type(exc).__name__}", "error")
    return Outcome(SENT)


def _message(delivery: Document) -> OutgoingMessage:
    return OutgoingMessage(
        notification_id=delivery["_id"],
        address=delivery["address"],
        subject=delivery["message"]["subject"],
        body=delivery["message"]["body"],
    )


async def _finish(courier: Courier, delivery: Document, outcome: Outcome) -> None:
    holder = courier.holder
    # Its NotificationSent goes on the feed: numbered one at a time with the consumers'.
    finished = await courier.uow.run(
        lambda tx: sending.finish(tx, delivery, holder, outcome), serial=NUMBERING
    )
    if finished is not None:  # else another dispatcher holds it now and counts it
        service = courier.settings.service_name
        metrics.DELIVERIES.labels(service, delivery["channel"], outcome.status).inc()
    log.info(
        "notification.finished",
        notification_id=delivery["_id"],
        status=outcome.status,
        channel=delivery["channel"],
        template=delivery["template"],
    )


ESCALATIONS_PER_PASS = 100


def escalation_timer(settings: Settings, notifier: Notifier) -> Worker:
    """The worker: a pass every SAFEGUARDING_CHECK_SECONDS."""
    unacknowledged_for = timedelta(hours=settings.safeguarding_escalate_hours)

    async def escalate_due(runtime: Runtime[Store]) -> int:
        raised_before = runtime.uow.clock() - unacknowledged_for
        due = await runtime.store.concerns.unacknowledged_since(raised_before, ESCALATIONS_PER_PASS)
        escalated = 0
        for concern in due:  # its notifications go on the feed: numbered one at a time
            escalated += await runtime.uow.run(_step(concern, notifier), serial=NUMBERING)
        return escalated

    return every(
        settings.safeguarding_check_seconds, escalate_due, "notifications.safeguarding_escalation"
    )


def _step(concern: Document, notifier: Notifier) -> Callable[[Tx], Awaitable[bool]]:
    async def run(tx: Tx) -> bool:
        return await escalate(tx, concern, notifier)

    return run
