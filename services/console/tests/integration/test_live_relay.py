"""The console's live relay (`/live`) against the real notifications service (in-process,
behind a real HTTP server, on the real broker and database): each message of her feed
reaches the page with the feed's own id and data; a page that reconnects with Last-Event-ID
gets exactly what it missed; a session that ends is told so and its stream closes; a feed
that is down is said to be paused."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import time
from typing import Any

import httpx
import pytest

from linkwork_console.api import live
from linkwork_console.app import create_app as create_console
from linkwork_console.settings import Settings
from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.processes import free_port
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import bearer, eventually, serving, settings_for
from linkwork_notifications.app import create_app as create_notifications
from linkwork_notifications.settings import Settings as NotificationsSettings

from .signing import form_token, sign_in


class Stream:
    """The Server-Sent Events of one streaming response, as a browser's EventSource reads
    them (comments and pings skipped)."""

    def __init__(self, response: httpx.Response) -> None:
        assert response.status_code == 200, response.status_code
        assert response.headers["content-type"].startswith("text/event-stream")
        self._lines = response.aiter_lines()

    async def next(self, count: int, timeout: float = 20) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._collect(count, messages), timeout)
        return messages

    async def to_the_end(self, timeout: float) -> list[dict[str, Any]]:
        """Every message until the server closes the stream (a TimeoutError if it does not)."""
        messages: list[dict[str, Any]] = []
        await asyncio.wait_for(self._collect(None, messages), timeout)
        return messages

    async def _collect(self, count: int | None, messages: list[dict[str, Any]]) -> None:
        frame: dict[str, str] = {}
        async for line in self._lines:
            if line.startswith(":"):
                continue
            if line:
                name, _, value = line.partition(":")
                frame[name] = value.removeprefix(" ")
                continue
            if "data" in frame:
                messages.append({**frame, "data": json.loads(frame["data"])})
            frame = {}
            if len(messages) == count:
                return


def kinds(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (m["event"], m["data"].get("event_type") or m["data"].get("template")) for m in messages
    ]


@pytest.fixture
def notifications_settings(linkwork_infra: Endpoints, isolation: str) -> NotificationsSettings:
    return settings_for(
        NotificationsSettings,
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        isolation,
        smtp_port=free_port(),  # nobody has an address on record: nothing is sent
        kafka_session_timeout_ms=1500,
        feed_poll_seconds=0.05,
        dispatch_poll_seconds=0.05,
        delivery_attempts=1,
        quiet_hours_start=time(0, 0),
        quiet_hours_end=time(0, 0),
    )


async def feed_of(url: str, headers: dict[str, str], quiet: float = 1.0) -> list[dict[str, Any]]:
    """Everything the notifications service's own stream has for her, from its start (read
    until it has been `quiet` for a while)."""
    async with (
        httpx.AsyncClient(timeout=30) as client,
        client.stream("GET", f"{url}/stream", headers=headers | {"Last-Event-ID": "0"}) as answer,
    ):
        return await Stream(answer).next(1000, timeout=quiet)


async def test_the_relay_passes_her_feed_on_with_its_ids_and_resumes_after_a_reconnect(
    notifications_settings: NotificationsSettings, console_settings: Settings
) -> None:
    case = Story()  # a referral of lw-amina's
    someone_elses = Story(link_worker="lw-bob", team="york")
    amina = bearer(notifications_settings, "lw-amina", "link_worker", team_id="leeds-north")
    async with serving(create_notifications(notifications_settings)) as notifications:
        settings = console_settings.model_copy(update={"notifications_url": notifications})
        async with (
            serving(create_console(settings)) as console,
            httpx.AsyncClient(base_url=console, timeout=30) as browser,
        ):
            await sign_in(browser, "lw-amina")
            async with browser.stream("GET", "/live") as page:
                await publish_events(
                    notifications_settings,
                    case.received(),
                    someone_elses.received(),
                    someone_elses.assigned(),
                    case.assigned(),
                )
                before = await Stream(page).next(2)
            # The page is away (closed, or its connection dropped): this is waiting for it.
            await publish_events(notifications_settings, case.journey_started())
            await eventually(
                lambda: feed_of(notifications, amina, quiet=0.3),
                lambda feed: ("journey", "JourneyStarted") in kinds(feed),
            )
            resume = {"Last-Event-ID": before[-1]["id"]}
            async with browser.stream("GET", "/live", headers=resume) as page:
                stream = Stream(page)
                missed = await stream.next(1)
                await publish_events(notifications_settings, case.journey_closed())
                live_again = await stream.next(1)
        upstream = await feed_of(notifications, amina)

    assert kinds(before) == [
        ("referral", "ReferralAssigned"),
        ("notification", "referral_assigned"),
    ]
    assert kinds(missed) == [("journey", "JourneyStarted")]
    assert kinds(live_again) == [("journey", "JourneyClosed")]
    relayed = before + missed + live_again
    # Each message as the notifications service numbered it: nothing lost, nothing repeated.
    assert [(m["id"], m["event"], m["data"]) for m in relayed] == [
        (m["id"], m["event"], m["data"]) for m in upstream
    ]
    assert all(m["data"]["referral_id"] == case.referral_id for m in relayed)


async def test_a_session_that_ends_tells_the_page_and_closes_its_stream(
    notifications_settings: NotificationsSettings,
    console_settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(live, "SESSION_CHECK_SECONDS", 0.2)  # 15s in production
    async with serving(create_notifications(notifications_settings)) as notifications:
        settings = console_settings.model_copy(update={"notifications_url": notifications})
        async with (
            serving(create_console(settings)) as console,
            httpx.AsyncClient(base_url=console, timeout=30) as browser,
        ):
            await sign_in(browser, "lw-amina")
            token = await form_token(browser)
            async with browser.stream("GET", "/live") as page:
                await browser.post("/sign-out", data={"csrf_token": token})  # in another tab
                last = await Stream(page).to_the_end(timeout=5)  # and the stream closes

    assert [m["event"] for m in last] == ["expired"]
    assert "Sign in again" in last[0]["data"]["message"]
    assert "id" not in last[0]  # the page resumes from the last real id when she is back


async def test_a_feed_that_is_down_is_said_to_be_paused(console_settings: Settings) -> None:
    async with (
        serving(create_console(console_settings)) as console,  # no notifications service
        httpx.AsyncClient(base_url=console, timeout=30) as browser,
    ):
        await sign_in(browser, "lw-amina")
        async with browser.stream("GET", "/live") as page:
            said = await Stream(page).to_the_end(timeout=5)

    assert said == [{"event": "unavailable", "data": {"part": "live updates"}}]


async def test_the_live_connection_needs_a_session(console_settings: Settings) -> None:
    async with (
        serving(create_console(console_settings)) as console,
        httpx.AsyncClient(base_url=console, timeout=30) as browser,
    ):
        answer = await browser.get("/live")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")
