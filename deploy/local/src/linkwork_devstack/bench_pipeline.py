"""The bare baseline `linkwork-dev bench` compares the services with: a minimal faststream
subscriber keeping the reliability rules and nothing else, one message at a time.

For each message, one MongoDB transaction claims its key (a unique `_id`), stores the document
and writes an outbox row; after the commit it publishes the output event (acks="all"), marks
the row sent and acknowledges the message (manual ack, as the services do). It is what one
transaction per message costs on the same broker and database, with the services' client
settings (`linkwork_runtime.mongo.connect`).

    BENCH_INPUT_TOPIC=... BENCH_OUTPUT_TOPIC=... KAFKA_BOOTSTRAP_SERVERS=... MONGODB_URI=... \\
    MONGODB_DATABASE=... python -m linkwork_devstack.bench_pipeline
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaMessage
from pymongo import AsyncMongoClient
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from linkwork_runtime.mongo import Document, connect

GROUP = "bench-pipeline"


@dataclass(frozen=True)
class PipelineSettings:
    kafka_bootstrap: str
    mongodb_uri: str
    database: str
    input_topic: str
    output_topic: str
    session_timeout_ms: int = 10_000

    @classmethod
    def from_env(cls) -> PipelineSettings:
        env = os.environ
        return cls(
            kafka_bootstrap=env["KAFKA_BOOTSTRAP_SERVERS"],
            mongodb_uri=env["MONGODB_URI"],
            database=env["MONGODB_DATABASE"],
            input_topic=env["BENCH_INPUT_TOPIC"],
            output_topic=env["BENCH_OUTPUT_TOPIC"],
            session_timeout_ms=int(env.get("KAFKA_SESSION_TIMEOUT_MS", 10_000)),
        )

    def env(self) -> dict[str, str]:
        return {
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka_bootstrap,
            "MONGODB_URI": self.mongodb_uri,
            "MONGODB_DATABASE": self.database,
            "BENCH_INPUT_TOPIC": self.input_topic,
            "BENCH_OUTPUT_TOPIC": self.output_topic,
            "KAFKA_SESSION_TIMEOUT_MS": str(self.session_timeout_ms),
        }


async def store_message(
    client: AsyncMongoClient[Document], db: AsyncDatabase[Document], key: str, body: bytes
) -> Document | None:
    """Claim, document and outbox row in one transaction; the outbox row, or None for a key
    already processed (a redelivery)."""
    now = datetime.now(UTC)
    row: Document = {
        "event_id": str(uuid.uuid4()),
        "key": key,
        "body": json.dumps({"event_type": "MessageStored", "key": key}).encode(),
        "created_at": now,
        "sent_at": None,
    }

    async def work(session: AsyncClientSession) -> None:
        await db["processed_messages"].insert_one({"_id": key, "at": now}, session=session)
        await db["documents"].insert_one({"_id": key, "body": json.loads(body)}, session=session)
        await db["outbox"].insert_one(row, session=session)

    async with client.start_session() as session:
        try:
            await session.with_transaction(work)
        except DuplicateKeyError:
            return None
    return row


async def serve(settings: PipelineSettings, stopped: asyncio.Event) -> None:
    client = connect(settings.mongodb_uri)
    db = client[settings.database]
    broker = KafkaBroker(settings.kafka_bootstrap, client_id=GROUP, acks="all", logger=None)

    async def undecoded(message: KafkaMessage) -> Any:
        return message.body

    async def on_message(message: KafkaMessage) -> None:
        key = (message.raw_message.key or b"").decode()  # type: ignore[union-attr]
        row = await store_message(client, db, key, message.body)
        if row is not None:
            await broker.publish(row["body"], topic=settings.output_topic, key=key.encode())
            sent = {"$set": {"sent_at": datetime.now(UTC)}}
            await db["outbox"].update_one({"_id": row["_id"]}, sent)
        await message.ack()

    broker.subscriber(
        settings.input_topic,
        group_id=GROUP,
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.MANUAL,
        decoder=undecoded,
        session_timeout_ms=settings.session_timeout_ms,
        heartbeat_interval_ms=max(100, settings.session_timeout_ms // 6),
    )(on_message)
    await broker.start()
    try:
        await stopped.wait()
    finally:
        await broker.stop()
        await client.close()


async def _main() -> None:
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stopped.set)
    await serve(PipelineSettings.from_env(), stopped)


if __name__ == "__main__":
    asyncio.run(_main())
