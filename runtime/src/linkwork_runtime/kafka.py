"""Kafka plumbing: the faststream broker, topic creation, and publishing outbox records."""

from __future__ import annotations

import contextlib

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from faststream.kafka import KafkaBroker

from linkwork_runtime.outbox import OutboxRecord, Publish
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import topics


def build_broker(settings: ServiceSettings) -> KafkaBroker:
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        client_id=settings.service_name,
        acks="all",
        logger=None,
    )


async def ensure_topics(settings: ServiceSettings, names: list[str] | None = None) -> None:
    """Create the contract topics and their dead-letter topics if they do not exist."""
    wanted = names or [
        t for name in topics.ALL_TOPICS for t in (name, topics.dead_letter_topic(name))
    ]
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [settings.topic(name) for name in wanted if settings.topic(name) not in existing]
        for name in missing:
            # Another service starting at the same time may create it first.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(
                    [
                        NewTopic(
                            name,
                            num_partitions=settings.kafka_topic_partitions,
                            replication_factor=settings.kafka_replication_factor,
                        )
                    ]
                )
    finally:
        await admin.close()


def outbox_publisher(broker: KafkaBroker, settings: ServiceSettings) -> Publish:
    """Publish one outbox record, keyed by aggregate id, waiting for the broker's ack."""

    async def publish(record: OutboxRecord) -> None:
        await broker.publish(
            record.body,
            topic=settings.topic(record.topic),
            key=record.key.encode(),
            headers=record.headers,
            correlation_id=record.headers.get("correlation_id"),
        )

    return publish
