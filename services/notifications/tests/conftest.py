"""Fixtures for the notifications service's tests: isolated settings, a real SMTP server
(aiosmtpd) and a stand-in for a GOV.UK Notify style SMS API, both on free loopback ports, and
an in-process HTTP client of the service."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import httpx
import jwt
import pytest
from aiosmtpd.controller import Controller
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from linkwork_devstack.processes import free_port
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import serving, settings_for
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings

SMS_FAILS_ONCE = "07700900503"  # the provider answers 503 once, then accepts
SMS_REJECTED = "07700900400"  # the provider answers 400: not a number it can send to
MAIL_DEFERRED_ONCE = "deferred@example.nhs.uk"  # 451 once, then accepted
MAIL_REFUSED = "nobody@example.nhs.uk"  # 550: no such mailbox


@dataclass
class MailServer:
    """A real SMTP server; what it accepted, and which recipients it refuses."""

    port: int
    deferred_once: str = MAIL_DEFERRED_ONCE
    refused: str = MAIL_REFUSED
    messages: list[EmailMessage] = field(default_factory=list)
    tries: Counter[str] = field(default_factory=Counter)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.tries[address] += 1
        if address == MAIL_REFUSED:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        if address == MAIL_DEFERRED_ONCE and self.tries[address] == 1:
            return "451 4.3.0 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        return "250 Message accepted for delivery"


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer(port=free_port())
    controller = Controller(server, hostname="127.0.0.1", port=server.port)
    controller.start()
    yield server
    controller.stop()


@dataclass
class SmsProvider:
    """A stand-in for GOV.UK Notify's POST /v2/notifications/sms, checking its JWT."""

    url: str
    fails_once: str = SMS_FAILS_ONCE
    rejected: str = SMS_REJECTED
    service_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    secret: str = field(default_factory=lambda: str(uuid.uuid4()))
    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)

    @property
    def api_key(self) -> str:
        return f"linkwork_test-{self.service_id}-{self.secret}"

    def to(self, phone: str) -> list[dict[str, Any]]:
        return [s for s in self.sent if s["phone_number"] == phone]

    async def send_sms(self, request: Request) -> JSONResponse:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        claims = jwt.decode(token, self.secret, algorithms=["HS256"])
        if scheme != "Bearer" or claims["iss"] != self.service_id:
            return _errors(403, "AuthError", "Invalid token")
        body = await request.json()
        phone = body["phone_number"]
        self.calls[phone] += 1
        if phone == SMS_FAILS_ONCE and self.calls[phone] == 1:
            return _errors(503, "ServiceUnavailable", "Try again later")
        if phone == SMS_REJECTED:
            return _errors(400, "ValidationError", f"phone_number {phone} is not a UK mobile")
        self.sent.append(body)
        return JSONResponse({"id": str(uuid.uuid4()), "reference": body["reference"]}, 201)


def _errors(status: int, error: str, message: str) -> JSONResponse:
    body = {"status_code": status, "errors": [{"error": error, "message": message}]}
    return JSONResponse(body, status)


@pytest.fixture
def live() -> Callable[[Any], AbstractAsyncContextManager[str]]:
    """Run an app behind a real HTTP server (uvicorn) on a free port; yields its base URL."""
    return serving


@pytest.fixture
async def sms_provider() -> AsyncIterator[SmsProvider]:
    port = free_port()
    provider = SmsProvider(url=f"http://127.0.0.1:{port}")
    app = Starlette(routes=[Route("/v2/notifications/sms", provider.send_sms, methods=["POST"])])
    async with serving(app, port):
        yield provider


@pytest.fixture
def settings(
    linkwork_infra: Endpoints, isolation: str, mail_server: MailServer, sms_provider: SmsProvider
) -> Settings:
    return settings_for(
        Settings,
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        isolation,
        smtp_port=mail_server.port,
        sms_api_base_url=sms_provider.url,
        sms_api_key=sms_provider.api_key,
        sms_template_id=str(uuid.uuid4()),
        # Three subscriptions join one consumer group: a shorter session makes the joins quick.
        kafka_session_timeout_ms=1500,
        dispatch_poll_seconds=0.05,
        feed_poll_seconds=0.05,
        delivery_attempts=3,
        delivery_backoff_seconds=0.05,
        delivery_max_backoff_seconds=0.2,
        # No quiet hours unless a test sets them: tests must not depend on the time of day.
        quiet_hours_start=time(0, 0),
        quiet_hours_end=time(0, 0),
    )


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The service's HTTP routes in process: they need the database, not the broker."""
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        yield client
    await app.state.runtime.mongo.close()
