"""Send one claimed delivery: never in quiet hours for the person referred, and never a reminder
once it could only arrive at or after what it reminds of (cancelled instead); transient failures
retried with exponential backoff (tenacity); every attempt recorded; then, in one transaction,
the delivery made final with NotificationSent or NotificationFailed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

import structlog
from tenacity import (
    AsyncRetrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential_jitter,
)

from linkwork_notifications.channels import (
    DeliveryError,
    OutgoingMessage,
    PermanentDeliveryError,
    Sender,
    TransientDeliveryError,
)
from linkwork_notifications.domain.delivery_plan import TOO_LATE, earliest_send
from linkwork_notifications.domain.quiet_hours import QuietHours
from linkwork_notifications.outcomes import Failure, announce_failed, announce_sent
from linkwork_notifications.settings import Settings
from linkwork_notifications.store import Deliveries
from linkwork_notifications.store.deliveries import CANCELLED, FAILED, SENT
from linkwork_runtime.mongo import Document
from linkwork_runtime.unit_of_work import Transaction, UnitOfWork

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class DeliverySender:
    uow: UnitOfWork
    senders: Mapping[str, Sender]
    settings: Settings
    quiet: QuietHours
    holder: str
    clock: Callable[[], datetime]

    async def deliver(self, delivery: Document) -> None:
        deliveries = Deliveries(self.uow.db)
        now = self.clock()
        quiet = self.quiet if delivery.get("quiet_hours") else None
        allowed = earliest_send(now, quiet, delivery.get("send_before"))
        if allowed is None:
            await self._finish(delivery, CANCELLED, TOO_LATE)
            return
        if allowed > now:
            await deliveries.postpone(delivery["_id"], self.holder, allowed)
            return
        try:
            await self._with_retries(delivery, deliveries)
        except PermanentDeliveryError as exc:
            await self._finish(delivery, FAILED, exc.reason, "rejected")
        except TransientDeliveryError as exc:
            tries = self.settings.delivery_attempts
            await self._finish(
                delivery,
                FAILED,
                f"gave up after {tries} attempts: {exc.reason}",
                "retries_exhausted",
            )
        except Exception as exc:  # a fault here must not leave it "sending" forever
            log.exception("notification.send_error", notification_id=delivery["_id"])
            await self._finish(delivery, FAILED, f"internal error: {type(exc).__name__}", "error")
        else:
            await self._finish(delivery, SENT)

    async def _with_retries(self, delivery: Document, deliveries: Deliveries) -> None:
        s = self.settings
        sender = self.senders[delivery["channel"]]
        message = OutgoingMessage(
            notification_id=delivery["_id"],
            address=delivery["address"],
            subject=delivery["message"]["subject"],
            body=delivery["message"]["body"],
        )
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(s.delivery_attempts),
            wait=wait_exponential_jitter(
                multiplier=s.delivery_backoff_seconds,
                max=s.delivery_max_backoff_seconds,
                jitter=s.delivery_backoff_seconds,
            ),
            retry=retry_if_exception_type(TransientDeliveryError),
            reraise=True,
        ):
            with attempt:
                await self._attempt(sender, message, deliveries)

    async def _attempt(
        self, sender: Sender, message: OutgoingMessage, deliveries: Deliveries
    ) -> None:
        try:
            await sender.send(message)
        except DeliveryError as exc:
            outcome = "transient" if isinstance(exc, TransientDeliveryError) else "rejected"
            record = {"at": self.clock(), "outcome": outcome, "reason": exc.reason}
            await deliveries.add_attempt(message.notification_id, record)
            log.info(
                "notification.attempt_failed",
                notification_id=message.notification_id,
                outcome=outcome,
                reason=exc.reason,
            )
            raise
        await deliveries.add_attempt(
            message.notification_id, {"at": self.clock(), "outcome": "sent"}
        )

    async def _finish(
        self, delivery: Document, status: str, reason: str = "", failure: Failure = "rejected"
    ) -> None:
        at = self.clock()

        async def work(tx: Transaction) -> None:
            fields = {"status": status, f"{status}_at": at}
            if status == FAILED:
                fields["failure_reason"] = reason
            if status == CANCELLED:
                fields["cancellation_reason"] = reason
            final = await Deliveries(tx.db, tx.session).finish(delivery["_id"], self.holder, fields)
            if final is None:
                return  # another dispatcher took it over after our lease ran out
            if status == SENT:
                await announce_sent(tx, final, at)
            elif status == FAILED:
                await announce_failed(tx, final, reason, failure)

        await self.uow.run(work)
        log.info(
            "notification.finished",
            notification_id=delivery["_id"],
            status=status,
            channel=delivery["channel"],
            template=delivery["template"],
        )
