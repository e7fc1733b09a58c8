"""Dead-lettering: the original bytes go to `<topic>.dlq` with the reason in headers."""

from __future__ import annotations

from datetime import UTC, datetime

import structlog
from faststream.kafka import KafkaBroker, KafkaMessage

from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas.topics import dead_letter_topic

log = structlog.get_logger(__name__)

# Header names ops tooling reads on a dead letter.
REASON = "x-dlq-reason"
WHERE = "x-dlq-where"
KIND = "x-dlq-kind"
ORIGINAL_TOPIC = "x-original-topic"
ORIGINAL_PARTITION = "x-original-partition"
ORIGINAL_OFFSET = "x-original-offset"
CONSUMER = "x-dlq-consumer"
FAILED_AT = "x-dlq-failed-at"


class DeadLetters:
    def __init__(self, broker: KafkaBroker, settings: ServiceSettings) -> None:
        self._broker = broker
        self._settings = settings

    async def send(self, message: KafkaMessage, reason: str, where: str, kind: str) -> None:
        raw = message.raw_message
        topic = getattr(raw, "topic", "")
        headers = {k: v for k, v in message.headers.items() if isinstance(v, str)}
        headers.update(
            {
                REASON: reason[:2000],
                WHERE: where,
                KIND: kind,
                ORIGINAL_TOPIC: topic,
                ORIGINAL_PARTITION: str(getattr(raw, "partition", "")),
                ORIGINAL_OFFSET: str(getattr(raw, "offset", "")),
                CONSUMER: self._settings.consumer_group,
                FAILED_AT: datetime.now(UTC).isoformat(),
            }
        )
        key = getattr(raw, "key", None)
        dlq = dead_letter_topic(topic)
        await self._broker.publish(message.body, topic=dlq, key=key, headers=headers)
        log.warning("consumer.dead_lettered", dlq=dlq, reason=reason, where=where, kind=kind)
