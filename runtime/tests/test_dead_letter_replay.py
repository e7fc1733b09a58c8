"""Ops read what a consumer dead-lettered and, once the cause is fixed, replay it: against the
real broker and database, through the `linkwork-ops` command as ops run it."""

from __future__ import annotations

import asyncio
import os
import sys

from linkwork_devstack.testing import eventually, read_all, running
from linkwork_runtime import dead_letter
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import topics
from linkwork_schemas.referral import ReferralClosed, ReferralWithdrawn

from .test_consumer import app_with, closed, record_effect, send, withdrawn


async def ops(settings: ServiceSettings, *args: str) -> tuple[int, str]:
    env = {
        **os.environ,
        "KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "KAFKA_TOPIC_PREFIX": settings.kafka_topic_prefix,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "linkwork_runtime.ops_cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    return process.returncode or 0, out.decode()


async def test_a_refused_event_is_listed_then_replayed_once_its_cause_is_fixed(
    settings: ServiceSettings,
) -> None:
    fixed = {"yet": False}

    async def close(event: ReferralClosed, tx: Transaction) -> None:
        if not fixed["yet"]:
            raise ValueError(f"cannot close {event.payload.referral_id}: a bug, say")
        await record_effect(event, tx)

    app = app_with(settings, {ReferralClosed: close, ReferralWithdrawn: record_effect})
    dlq_topic = settings.topic(topics.dead_letter_topic(topics.REFERRAL_EVENTS))
    async with running(app):
        db = app.state.runtime.db
        await send(settings, closed("r-replayed").to_bytes())
        await eventually(
            lambda: read_all(settings.kafka_bootstrap_servers, dlq_topic), lambda r: len(r) == 1
        )
        listed = await ops(settings, "dlq", "list", topics.REFERRAL_EVENTS)
        shown = await ops(settings, "dlq", "show", topics.REFERRAL_EVENTS, "0")
        fixed["yet"] = True
        replayed = await ops(settings, "dlq", "replay", topics.REFERRAL_EVENTS, "--offset", "0")
        effect = await eventually(lambda: db["effects"].find_one({"_id": "r-replayed"}), bool)
        # Replayed twice by mistake: the consumer is idempotent, so still one effect.
        again = await ops(settings, "dlq", "replay", topics.REFERRAL_EVENTS, "--all")
        await send(settings, withdrawn("r-marker").to_bytes())
        await eventually(lambda: db["effects"].find_one({"_id": "r-marker"}), bool)
        after = await db["effects"].find_one({"_id": "r-replayed"})

    code, out = listed
    assert code == 0, out
    assert "0/0" in out and "handler_refused" in out and "a bug, say" in out
    assert '"payload"' not in out  # listing shows why, never the message itself
    assert out.strip().endswith(f"1 kept on {topics.REFERRAL_EVENTS}.dlq")
    assert shown[0] == 0 and '"referral_id":"r-replayed"' in shown[1].replace(" ", "")
    assert replayed == (0, f"replayed 0/0\nreplayed 1 to {topics.REFERRAL_EVENTS}\n")
    assert again[0] == 0
    assert effect is not None and after is not None and after["count"] == 1
    originals = await read_all(
        settings.kafka_bootstrap_servers, settings.topic(topics.REFERRAL_EVENTS)
    )
    copies = [r for r in originals if dead_letter.REPLAYED_FROM in r.headers]
    assert len(copies) == 2
    assert copies[0].headers[dead_letter.REPLAYED_FROM] == f"{dlq_topic}/0/0"
    assert copies[0].value == originals[0].value and copies[0].key == originals[0].key
    assert not any(h in copies[0].headers for h in (dead_letter.REASON, dead_letter.KIND))


async def test_replay_says_what_is_wrong_with_its_arguments(settings: ServiceSettings) -> None:
    neither = await ops(settings, "dlq", "replay", topics.REFERRAL_EVENTS)
    missing = await ops(settings, "dlq", "replay", topics.REFERRAL_EVENTS, "--offset", "41")
    assert neither[0] == 2 and "give --offset (one or more) or --all" in neither[1]
    assert missing[0] == 2 and "nothing kept at offset [41]" in missing[1]
