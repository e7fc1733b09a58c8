"""Intake throughput against a running stack: how fast referrals on `gp.referrals` become
ReferralReceived on `referral.events` (parse, validate, store, assign, outbox, relay).

    .venv/bin/linkwork-dev bench-intake --count 500 --format mixed

Prints its figures; it asserts nothing. Run it against `make up` (or any stack).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from linkwork_referral.dev.simulated_bars import source_referral_id
from linkwork_referral.dev.simulator import build_batch
from linkwork_schemas import topics


@dataclass(frozen=True)
class IntakeFigures:
    count: int
    send_seconds: float
    total_seconds: float
    latencies_ms: list[float]

    def report(self) -> str:
        lat = sorted(self.latencies_ms)
        p95 = lat[int(0.95 * (len(lat) - 1))] if lat else float("nan")
        return (
            f"referrals: {self.count}\n"
            f"sent in: {self.send_seconds:.2f} s\n"
            f"all ReferralReceived after: {self.total_seconds:.2f} s "
            f"({self.count / self.total_seconds:.0f} referrals/s end to end)\n"
            f"latency send -> ReferralReceived on the topic: median "
            f"{statistics.median(lat):.0f} ms, p95 {p95:.0f} ms, max {lat[-1]:.0f} ms"
        )


async def measure_intake(bootstrap: str, count: int, fmt: str, prefix: str = "") -> IntakeFigures:
    batch = build_batch(count, format=fmt)  # type: ignore[arg-type]
    wanted = {source_referral_id(doc) for doc in batch}
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    topic = f"{prefix}{topics.REFERRAL_EVENTS}"
    await consumer.topics()  # fetch metadata, so the topic's partitions are known
    partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or []]
    consumer.assign(partitions)
    await consumer.seek_to_end(*partitions)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    sent_at: dict[str, float] = {}
    began = time.perf_counter()
    for doc in batch:
        key = source_referral_id(doc)
        sent_at[key] = time.perf_counter()
        await producer.send(
            f"{prefix}{topics.GP_REFERRALS}", json.dumps(doc).encode(), key=key.encode()
        )
    await producer.flush()
    send_seconds = time.perf_counter() - began
    latencies: list[float] = []
    try:
        while wanted and time.perf_counter() - began < 300:
            for messages in (await consumer.getmany(timeout_ms=500)).values():
                for message in messages:
                    event = json.loads(message.value)
                    source = event.get("payload", {}).get("source_referral_id")
                    if event.get("event_type") == "ReferralReceived" and source in wanted:
                        wanted.discard(source)
                        latencies.append((time.perf_counter() - sent_at[source]) * 1000)
    finally:
        await producer.stop()
        await consumer.stop()
    return IntakeFigures(len(latencies), send_seconds, time.perf_counter() - began, latencies)


def run(bootstrap: str, count: int, fmt: str) -> str:
    return asyncio.run(measure_intake(bootstrap, count, fmt)).report()
