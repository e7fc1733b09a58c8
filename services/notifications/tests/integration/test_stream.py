"""The live feed through a real HTTP server and client: each user gets their notifications and
their cases' updates; a reconnect with Last-Event-ID resumes with nothing lost or repeated;
ops get every event's envelope and no personal data."""

from __future__ import annotations

import asyncio
import contextlib
import json
from datetime import timedelta
from typing import Any

import httpx

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually
from linkwork_notifications.app import create_app
from linkwork_notifications.settings import Settings
from linkwork_runtime.auth import issue_token
from linkwork_schemas.directory import ServiceLinkExpired
from linkwork_schemas.journey import Instrument, OutcomeFollowUpDue


class Stream:
    """A Server-Sent Events reader over one streaming response."""

    def __init__(self, response: httpx.Response) -> None:
        assert response.status_code == 200
        self._lines = response.aiter_lines()

    async def next(self, count: int, timeout: float = 15) -> list[dict[str, Any]]:
        """The next `count` messages (comments and pings skipped), or those within `timeout`."""
        messages: list[dict[str, Any]] = []
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._collect(count, messages), timeout)
        return messages

    async def opened(self) -> None:
        """Past the stream's first frame (its retry advice): it is reading the feed now."""
        async for line in self._lines:
            if not line:
                return

    async def _collect(self, count: int, messages: list[dict[str, Any]]) -> None:
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


async def replay(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> Any:
    """Everything the caller may see from the feed's start (a second of silence ends it)."""
    async with client.stream("GET", url, headers=headers | {"Last-Event-ID": "0"}) as response:
        return await Stream(response).next(1000, timeout=1.0)


def summary(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(m["event"], m["data"].get("event_type") or m["data"]["template"]) for m in messages]


async def test_a_link_worker_resumes_the_stream_after_a_disconnect_without_loss_or_repeats(
    settings: Settings, live
) -> None:
    case = Story()
    other = Story(link_worker="lw-bob", team="york")
    follow_up = case.build(
        OutcomeFollowUpDue,
        case.journey_id,
        journey_id=case.journey_id,
        link_worker_id="lw-amina",
        instrument=Instrument.UCLA3,
        baseline_measured_on="2026-09-01",
        due_on="2026-12-01",
    )
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    leeds = bearer(settings, "mgr-leeds", "manager", team_id="leeds-north")
    ops_token = bearer(settings, "ops-1", "ops")["Authorization"].removeprefix("Bearer ")
    async with live(create_app(settings)) as url, httpx.AsyncClient(timeout=30) as client:
        async with client.stream("GET", f"{url}/stream", headers=amina) as response:
            assert response.headers["content-type"].startswith("text/event-stream")
            await publish_events(
                settings, case.received(), case.assigned(), other.received(), other.assigned()
            )
            before = await Stream(response).next(2)
        # Disconnected: what happens now must be waiting for her when she comes back.
        await publish_events(settings, case.journey_started(), follow_up)
        await eventually(
            lambda: client.get(f"{url}/notifications", headers=amina),
            lambda r: len(r.json()["items"]) >= 2,
        )
        resume = {"Last-Event-ID": before[-1]["id"]}
        async with client.stream("GET", f"{url}/stream", headers=amina | resume) as response:
            resumed = Stream(response)
            missed = await resumed.next(3)
            await publish_events(settings, case.link(ServiceLinkExpired))
            live_again = await resumed.next(2)
        everything = await replay(client, f"{url}/stream", amina)
        team = await replay(client, f"{url}/stream", leeds)
        async with client.stream(
            "GET", f"{url}/stream?access_token={ops_token}&last_event_id=0"
        ) as response:
            envelopes = await Stream(response).next(1000, timeout=1.0)
        unauthenticated = await client.get(f"{url}/stream")
        # A token without a reading role is told what the stream needs.
        wrong_role = await client.get(
            f"{url}/stream",
            params={"access_token": issue_token(settings.development_secret, "x", ["integration"])},
        )

    assert summary(before) == [
        ("referral", "ReferralAssigned"),
        ("notification", "referral_assigned"),
    ]
    assert summary(missed) == [
        ("journey", "JourneyStarted"),
        ("journey", "OutcomeFollowUpDue"),
        ("notification", "outcome_follow_up_due"),
    ]
    assert summary(live_again) == [
        ("journey", "ServiceLinkExpired"),
        ("notification", "service_link_expired"),
    ]
    seen = [m["id"] for m in before + missed + live_again]
    assert seen == [m["id"] for m in everything]  # nothing lost, nothing repeated
    assert [int(i) for i in seen] == sorted(int(i) for i in seen)
    assert all(m["data"].get("referral_id") == case.referral_id for m in everything)
    assert summary(team) == [
        ("referral", "ReferralAssigned"),
        ("journey", "JourneyStarted"),
        ("journey", "OutcomeFollowUpDue"),
        ("journey", "ServiceLinkExpired"),
    ]  # her team's cases (not york's), and no one's personal inbox
    assert {m["event"] for m in envelopes} == {"envelope"}
    assert sorted({m["data"]["event_type"] for m in envelopes}) == [
        "JourneyStarted",
        "NotificationFailed",  # the link workers have no e-mail address on record
        "NotificationSent",
        "OutcomeFollowUpDue",
        "ReferralAssigned",
        "ReferralReceived",
        "ServiceLinkExpired",
    ]
    assert {"event_id", "event_type", "occurred_at", "producer", "aggregate_id"} <= set(
        envelopes[0]["data"]
    )
    assert "Amina" not in json.dumps(envelopes)
    assert unauthenticated.status_code == 401
    assert "?access_token=" in unauthenticated.json()["detail"]["message"]
    assert wrong_role.status_code == 403
    assert wrong_role.json()["detail"]["message"].startswith("the stream needs one of the roles")


async def test_the_stream_ends_when_the_token_expires_and_resumes_with_a_fresh_one(
    settings: Settings, live
) -> None:
    case = Story()

    def token(seconds: float) -> dict[str, str]:
        signed = issue_token(
            settings.development_secret,
            "lw-amina",
            ["link_worker"],
            ttl=timedelta(seconds=seconds),
            claims={"team_id": "leeds-north"},
        )
        return {"Authorization": f"Bearer {signed}"}

    async with live(create_app(settings)) as url, httpx.AsyncClient(timeout=30) as client:
        async with client.stream("GET", f"{url}/stream", headers=token(4)) as response:
            stream = Stream(response)
            await publish_events(settings, case.received(), case.assigned())
            before = await stream.next(2)
            # Left open: the server ends it when the token does, with a last word.
            ending = await stream.next(1000, timeout=30)
        await publish_events(settings, case.journey_started())
        resume = {"Last-Event-ID": before[-1]["id"]}
        async with client.stream("GET", f"{url}/stream", headers=token(600) | resume) as response:
            after = await Stream(response).next(1)

    assert summary(before) == [
        ("referral", "ReferralAssigned"),
        ("notification", "referral_assigned"),
    ]
    assert [m["event"] for m in ending] == ["expired"]
    assert "reconnect with a new one" in ending[0]["data"]["message"]
    assert "id" not in ending[0]  # the client resumes from the last item it received
    assert summary(after) == [("journey", "JourneyStarted")]


async def test_a_resume_from_before_what_the_feed_keeps_is_told_to_reload(
    settings: Settings, live
) -> None:
    case = Story()
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    app = create_app(settings)
    async with live(app) as url, httpx.AsyncClient(timeout=30) as client:
        feed = app.state.runtime.db["feed"]
        indexes = [ix async for ix in await feed.list_indexes()]
        # One topic at a time, so the feed's order is known: assigned, its notification, started.
        await publish_events(settings, case.received(), case.assigned())
        await eventually(lambda: replay(client, f"{url}/stream", amina), lambda m: len(m) == 2)
        await publish_events(settings, case.journey_started())
        everything = await eventually(
            lambda: replay(client, f"{url}/stream", amina), lambda m: len(m) == 3
        )
        first, second, third = (int(m["id"]) for m in everything)
        # The database's TTL monitor removes items older than the retention; as it would:
        await feed.delete_many({"seq": {"$lte": second}})
        headers = amina | {"Last-Event-ID": str(first)}
        async with client.stream("GET", f"{url}/stream", headers=headers) as response:
            gapped = await Stream(response).next(2)
        headers = amina | {"Last-Event-ID": str(second)}
        async with client.stream("GET", f"{url}/stream", headers=headers) as response:
            whole = await Stream(response).next(2, timeout=2)

    ttl = [ix for ix in indexes if "expireAfterSeconds" in ix]
    assert [(dict(ix["key"]), ix["expireAfterSeconds"]) for ix in ttl] == [
        ({"created_at": 1}, int(settings.feed_retention_days * 86400))
    ]
    assert [m["event"] for m in gapped] == ["reset", "journey"]
    assert "reload what you show" in gapped[0]["data"]["message"]
    assert [int(m["id"]) for m in gapped[1:]] == [third]
    assert [int(m["id"]) for m in whole] == [third]  # nothing missed: no reset


async def test_a_commit_wakes_the_stream_without_waiting_for_its_poll(
    settings: Settings, live
) -> None:
    """The stream polls once a minute here: what a commit adds reaches it at the commit."""
    case = Story()
    amina = bearer(settings, "lw-amina", "link_worker", team_id="leeds-north")
    slow_poll = settings.model_copy(update={"feed_poll_seconds": 60.0})
    async with (
        live(create_app(slow_poll)) as url,
        httpx.AsyncClient(timeout=30) as client,
        client.stream("GET", f"{url}/stream", headers=amina) as response,
    ):
        stream = Stream(response)
        await stream.opened()
        await publish_events(slow_poll, case.received(), case.assigned())
        arrived = await stream.next(2, timeout=20)
    assert summary(arrived) == [
        ("referral", "ReferralAssigned"),
        ("notification", "referral_assigned"),
    ]
