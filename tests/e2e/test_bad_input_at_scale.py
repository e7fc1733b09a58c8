"""Bad input at scale: 1,000 malformed messages of every kind, interleaved with valid
referrals, on `gp.referrals` and each `*.events` topic, against the four services as
processes. Every malformed one is kept (dead-lettered, byte for byte, by each service that
reads its topic) or rejected with a reason; every valid one becomes a referral; no consumer
stalls, no service restarts, and memory stays bounded."""

from __future__ import annotations

import asyncio
import json
import random
from collections import Counter, defaultdict
from pathlib import Path

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from linkwork_devstack import malformed, processes, settle, stack
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_referral.dev.simulated_bars import bars_bundle, source_referral_id
from linkwork_referral.dev.simulator import PRACTICES, submission
from linkwork_runtime import dead_letter
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.topic_reader import Record, read_all
from linkwork_schemas import topics

MALFORMED = 1000
VALID = 100
TEAM = "leeds-north"
# What parsing and keeping 1,000 bad messages (some of 400 KB) may leave behind in a
# service: allocator arenas and caches, not the messages. A leak of the messages themselves
# (about 60 MB of them) would exceed it.
RSS_GROWTH_BOUND_MB = 48


def manager() -> dict[str, str]:
    token = issue_token(
        ServiceSettings().development_secret, "mgr-bad-input", ["manager"], claims={"team_id": TEAM}
    )
    return {"Authorization": f"Bearer {token}"}


def rss_mb(run_dir: Path, service: str) -> float:
    pid = processes.read_pid(run_dir, service)
    assert pid is not None
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {service}")


def valid_referrals(count: int) -> list[bytes]:
    rng = random.Random(5)
    documents = [submission(rng) for _ in range(count)]
    return [
        json.dumps(bars_bundle(d, rng) if i % 2 else d).encode() for i, d in enumerate(documents)
    ]


async def send_all(
    bootstrap: str, prefix: str, messages: list[tuple[str, bytes]]
) -> list[tuple[int, int]]:
    """Send in order; each message's (partition, offset)."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", max_request_size=2_000_000)
    await producer.start()
    try:
        sent = [await producer.send(f"{prefix}{topic}", value) for topic, value in messages]
        placed = await asyncio.gather(*sent)
    finally:
        await producer.stop()
    return [(meta.partition, meta.offset) for meta in placed]


def stored_sources(services: stack.StackConfig) -> list[str]:
    sources: list[str] = []
    page = 1
    while True:
        body = httpx.get(
            f"{services.url('referral')}/referrals",
            params={"page": page, "per_page": 200},
            headers=manager(),
            timeout=30,
        ).json()
        sources += [item["source_referral_id"] for item in body["items"]]
        if page * 200 >= body["total"]:
            return sources
        page += 1


@pytest.mark.timeout(900)
def test_a_thousand_malformed_messages_are_each_kept_or_rejected_and_nothing_stalls(
    services: stack.StackConfig, linkwork_infra: Endpoints
) -> None:
    bootstrap, prefix = linkwork_infra.kafka_bootstrap, services.topic_prefix

    def on_topic(topic: str) -> list[Record]:
        return asyncio.run(read_all(bootstrap, f"{prefix}{topic}"))

    answer = httpx.post(
        f"{services.url('referral')}/link-workers",
        headers=manager(),
        json={
            "link_worker_id": "lw-full",
            "name": "No places free",
            "team_id": TEAM,
            "practices": [ods for ods, _ in PRACTICES],
            "caseload_cap": 0,
        },
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    valid = valid_referrals(VALID)
    # Warm up: the first few referrals through every service, then memory is measured.
    asyncio.run(send_all(bootstrap, prefix, [(topics.GP_REFERRALS, v) for v in valid[:5]]))
    settled, backlog = settle.wait_settled(services, timeout=120)
    assert settled, backlog.render()
    pids = {s: processes.read_pid(services.run_dir, s) for s in stack.SERVICES}
    before = {s: rss_mb(services.run_dir, s) for s in stack.SERVICES}

    bad = list(malformed.messages(MALFORMED, seed=16))
    stream: list[tuple[str, bytes, malformed.Malformed | None]] = [
        (m.topic, m.value, m) for m in bad
    ]
    for index, value in enumerate(valid[5:]):  # every tenth message or so is a good one
        stream.insert(index * (MALFORMED // VALID) + 3, (topics.GP_REFERRALS, value, None))
    placed = asyncio.run(send_all(bootstrap, prefix, [(t, value) for t, value, _ in stream]))

    settled, backlog = settle.wait_settled(services, timeout=600)
    assert settled, f"the stack did not catch up:\n{backlog.render()}"

    readers = defaultdict(set)
    for reader in settle.readers(services):
        readers[reader.topic.removeprefix(prefix)].add(f"{prefix}{reader.service}")
    kept: Counter[tuple[str, int, int, str]] = Counter()
    for topic in (topics.GP_REFERRALS, *malformed.EVENT_TOPICS):
        for record in on_topic(topics.dead_letter_topic(topic)):
            h = record.headers
            kept[
                (
                    h[dead_letter.ORIGINAL_TOPIC].removeprefix(prefix),
                    int(h[dead_letter.ORIGINAL_PARTITION]),
                    int(h[dead_letter.ORIGINAL_OFFSET]),
                    h[dead_letter.CONSUMER],
                )
            ] += 1
            assert h[dead_letter.REASON], "a dead letter says why"
    # The referral service's own rejections (the topic also carries this test's garbage).
    rejected = Counter(
        json.loads(r.value)["payload"]["source_referral_id"]
        for r in on_topic(topics.REFERRAL_EVENTS)
        if r.headers.get("event_type") == "ReferralRejected"
    )

    fates: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: list[str] = []
    for (topic, _value, message), (partition, offset) in zip(stream, placed, strict=True):
        if message is None:
            continue
        for consumer in sorted(readers[topic]):
            times_kept = kept[(topic, partition, offset, consumer)]
            times_rejected = (
                rejected[message.source_referral_id] if message.source_referral_id else 0
            )
            fate = (
                "kept"
                if times_kept == 1 and not times_rejected
                else "rejected"
                if times_rejected == 1 and not times_kept
                else f"kept {times_kept}x, rejected {times_rejected}x"
            )
            fates[f"{topic}: {message.kind}"][fate] += 1
            if fate not in ("kept", "rejected"):
                wrong.append(f"{topic} {message.kind} by {consumer}: {fate}")
    summary = "\n".join(f"  {kind}: {dict(fate)}" for kind, fate in sorted(fates.items()))
    assert not wrong, "\n".join(wrong[:20]) + f"\nof {len(wrong)}; all fates:\n{summary}"
    assert len(fates) == len(malformed.REFERRAL_KINDS) + sum(
        len(malformed._event_kinds(t)) for t in malformed.EVENT_TOPICS
    ), summary

    sources = stored_sources(services)
    wanted = sorted(source_referral_id(json.loads(v)) for v in valid)
    assert sorted(sources) == wanted  # every valid one, and no malformed one, is a referral

    after = {s: rss_mb(services.run_dir, s) for s in stack.SERVICES}
    for service, pid in pids.items():
        assert pid == processes.read_pid(services.run_dir, service), f"{service} restarted"
        assert pid is not None and processes.alive(pid), f"{service} died"
    grown = {s: round(after[s] - before[s], 1) for s in stack.SERVICES}
    print(f"RSS before (MB) {before}; grown by {grown}")  # shown with `pytest -s`
    assert all(g < RSS_GROWTH_BOUND_MB for g in grown.values()), f"RSS grew (MB): {grown}"
