"""Sending through a channel with retries: a transient failure is tried again with exponential
backoff and jitter (tenacity), a permanent one is not; every attempt is reported as it ends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

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
    Sender,
    TransientDeliveryError,
)

log = structlog.get_logger(__name__)
# An attempt's outcome ("sent", "transient" or "rejected") and, when it failed, why.
Attempted = Callable[[str, str | None], Awaitable[None]]


@dataclass(frozen=True)
class Retries:
    attempts: int  # the first included
    backoff_seconds: float
    max_backoff_seconds: float


async def send_with_retries(
    sender: Sender, message: OutgoingMessage, retries: Retries, attempted: Attempted
) -> None:
    """Send `message`; raises the last DeliveryError when it never got through."""
    async for attempt in AsyncRetrying(
        stop=stop_after_attempt(retries.attempts),
        wait=wait_exponential_jitter(
            multiplier=retries.backoff_seconds,
            max=retries.max_backoff_seconds,
            jitter=retries.backoff_seconds,
        ),
        retry=retry_if_exception_type(TransientDeliveryError),
        reraise=True,
    ):
        with attempt:
            await _attempt(sender, message, attempted)


async def _attempt(sender: Sender, message: OutgoingMessage, attempted: Attempted) -> None:
    try:
        await sender.send(message)
    except DeliveryError as exc:
        outcome = "transient" if isinstance(exc, TransientDeliveryError) else "rejected"
        await attempted(outcome, exc.reason)
        log.info(
            "notification.attempt_failed",
            notification_id=message.notification_id,
            outcome=outcome,
            reason=exc.reason,
        )
        raise
    await attempted("sent", None)
