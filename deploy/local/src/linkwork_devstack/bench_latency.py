"""The latency stage of `linkwork-dev bench`: referrals sent at a steady rate, each timed from
its send to its ReferralAssigned arriving on the assigned link worker's live feed (the
notifications service's `GET /stream`, Server-Sent Events, with the link worker's
development token), as a link worker's screen would see it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field

import httpx
from aiokafka import AIOKafkaProducer

from linkwork_devstack import demo
from linkwork_devstack.bench_stages import Bench
from linkwork_devstack.bench_watch import Settling, TopicWatch, until
from linkwork_referral.dev.simulated_bars import source_referral_id
from linkwork_schemas import topics

CONNECT_TIMEOUT = 60.0


@dataclass(frozen=True)
class Latency:
    sent: int
    assigned: int  # of `sent`, assigned (the others wait for capacity)
    latencies_ms: list[float]  # of those assigned and seen on the feed

    @property
    def missing(self) -> int:
        return self.assigned - len(self.latencies_ms)


@dataclass
class FeedArrivals:
    """When each referral's ReferralAssigned reached any of the followed live feeds."""

    at: dict[str, float] = field(default_factory=dict)
    connected: int = 0

    def see(self, event: str, data: str, now: float) -> None:
        if event != "referral":
            return
        with contextlib.suppress(ValueError, AttributeError):
            update = json.loads(data)
            if update.get("event_type") == "ReferralAssigned":
                self.at.setdefault(str(update.get("referral_id")), now)


async def follow_feed(url: str, token: str, feed: FeedArrivals) -> None:
    """Read one live feed until cancelled, handing each message to `feed`."""
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(10.0, read=None)) as client,
        client.stream("GET", f"{url}/stream", headers=headers) as response,
    ):
        response.raise_for_status()
        event, data = "", ""
        async for line in response.aiter_lines():
            now = time.perf_counter()
            if line.startswith(":") and "live feed" in line:
                feed.connected += 1  # the stream starts from now: what follows is seen
            elif line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                data = line[5:].strip()
            elif not line:
                feed.see(event, data, now)
                event, data = "", ""


async def measure(bench: Bench, link_workers: list[str], rate: float, seconds: float) -> Latency:
    documents = bench.referrals(max(1, round(rate * seconds)))
    settling = Settling({source_referral_id(d) for d in documents})
    feed = FeedArrivals()
    url = bench.config.url("notifications")
    readers = [
        asyncio.create_task(follow_feed(url, demo.token(worker, "link_worker"), feed))
        for worker in link_workers
    ]
    try:
        connected = await until(
            lambda: feed.connected >= len(readers) or any(r.done() for r in readers),
            CONNECT_TIMEOUT,
        )
        for reader in readers:
            if reader.done():
                await reader  # its error (a refused token, say) rather than a timeout
        if not connected:
            raise RuntimeError("the link workers' live feeds did not connect")
        events = bench.topic(topics.REFERRAL_EVENTS)
        async with TopicWatch(bench.bootstrap, events, settling.see_event):
            sent_at = await _send_steadily(bench, documents, rate)

            def seen() -> bool:
                assigned = _assigned(settling)
                return settling.done and all(r in feed.at for r in assigned)

            await until(seen, bench.timeout)  # every one timed, however late
    finally:
        for reader in readers:
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
    assigned = _assigned(settling)
    latencies = [
        (feed.at[referral] - sent_at[source]) * 1000
        for referral, source in assigned.items()
        if referral in feed.at
    ]
    return Latency(len(documents), len(assigned), latencies)


def _assigned(settling: Settling) -> dict[str, str]:
    """Referral id -> source id of those assigned."""
    return {
        referral: source
        for referral, source in settling.source_of.items()
        if settling.outcome.get(source) == "ReferralAssigned"
    }


async def _send_steadily(
    bench: Bench, documents: list[dict[str, object]], rate: float
) -> dict[str, float]:
    """One every 1/rate seconds, each acknowledged by the broker; when each was sent."""
    producer = AIOKafkaProducer(bootstrap_servers=bench.bootstrap, acks="all")
    await producer.start()
    topic = bench.topic(topics.GP_REFERRALS)
    sent_at: dict[str, float] = {}
    began = time.perf_counter()
    try:
        for index, document in enumerate(documents):
            await asyncio.sleep(max(0.0, began + index / rate - time.perf_counter()))
            key = source_referral_id(document)
            sent_at[key] = time.perf_counter()
            await producer.send_and_wait(topic, json.dumps(document).encode(), key=key.encode())
    finally:
        await producer.stop()
    return sent_at
