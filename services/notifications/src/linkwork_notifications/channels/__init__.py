"""Channel adapters: how a rendered message reaches an address (SMTP e-mail, Notify SMS).

An adapter raises TransientDeliveryError for what a later attempt may get through (a server
down, a timeout, a 4xx SMTP reply, HTTP 429/5xx) and PermanentDeliveryError for what never
will (an address refused, a request the provider rejects). Reasons never carry an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class OutgoingMessage:
    notification_id: str
    address: str
    subject: str
    body: str


class DeliveryError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TransientDeliveryError(DeliveryError):
    """Worth trying again later."""


class PermanentDeliveryError(DeliveryError):
    """Will never get through as it is."""


class Sender(Protocol):
    async def send(self, message: OutgoingMessage) -> None: ...
