"""Dead-lettering: the original bytes go to `<topic>.dlq` with the reason in headers; ops read
what is kept there and, once the cause is fixed, replay it to its topic. One way of reading
kept messages (choosing among them: dead_letter_selection.py), for `linkwork-ops dlq` and
every service's `/dead-letters`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import structlog
from aiokafka import AIOKafkaProducer
from faststream.kafka import KafkaBroker

from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.topic_reader import Record, read_all
from linkwork_schemas.topics import DLQ_SUFFIX, dead_letter_topic

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
REPLAYED_FROM = "x-replayed-from"
_DEAD_LETTER_HEADERS = frozenset(
    {REASON, WHERE, KIND, ORIGINAL_TOPIC, ORIGINAL_PARTITION, ORIGINAL_OFFSET, CONSUMER, FAILED_AT}
)


@dataclass(frozen=True)
class Received:
    """One message as it came off the broker: its bytes, headers and where it sits."""

    body: bytes
    headers: Mapping[str, str]
    raw_message: Any  # the aiokafka ConsumerRecord: topic, partition, offset, key

    @classmethod
    def of(cls, record: Any) -> Received:
        headers = {
            name: (value or b"").decode("utf-8", "replace") for name, value in record.headers
        }
        return cls(record.value or b"", headers, record)


class DeadLetters:
    def __init__(self, broker: KafkaBroker, settings: ServiceSettings) -> None:
        self._broker = broker
        self._settings = settings

    async def send(self, message: Received, reason: str, where: str, kind: str) -> None:
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


@dataclass(frozen=True)
class DeadLetter:
    """One kept message: where it sits on the dead-letter topic, why, and the original."""

    record: Record

    @property
    def reason(self) -> str:
        return self.record.headers.get(REASON, "")

    @property
    def where(self) -> str:
        return self.record.headers.get(WHERE, "")

    @property
    def kind(self) -> str:
        return self.record.headers.get(KIND, "")

    @property
    def consumer(self) -> str:
        return self.record.headers.get(CONSUMER, "")

    @property
    def failed_at(self) -> str:
        return self.record.headers.get(FAILED_AT, "")

    @property
    def original_topic(self) -> str:
        """The topic to replay to (derived from the dead-letter topic if the header is lost)."""
        return self.record.headers.get(ORIGINAL_TOPIC) or self.record.topic.removesuffix(DLQ_SUFFIX)

    @property
    def replayed(self) -> bool:
        """Whether this message had itself been replayed once already, and failed again."""
        return REPLAYED_FROM in self.record.headers


async def read_dead_letters(
    bootstrap: str, topic: str, *, consumer: str | None = None, partition: int | None = None
) -> list[DeadLetter]:
    """Everything kept on `topic`'s dead-letter topic, oldest first per partition; only what
    one consumer (`x-dlq-consumer`) kept, or what one partition holds, when given."""
    letters = [DeadLetter(r) for r in await read_all(bootstrap, dead_letter_topic(topic))]
    return [
        x
        for x in letters
        if consumer in (None, x.consumer) and partition in (None, x.record.partition)
    ]


def replay_headers(letter: DeadLetter) -> dict[str, str]:
    """The original headers (the envelope's correlation id among them), without the
    dead-letter ones, and a note of where the replayed message was kept."""
    kept = {k: v for k, v in letter.record.headers.items() if k not in _DEAD_LETTER_HEADERS}
    record = letter.record
    kept[REPLAYED_FROM] = f"{record.topic}/{record.partition}/{record.offset}"
    return kept


async def replay(bootstrap: str, letters: Sequence[DeadLetter]) -> int:
    """Publish each kept original back to its topic, with its key, in the order given.

    Consumers are idempotent, so a message that another service had processed is skipped there;
    one that fails again is dead-lettered again, marked as replayed."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for letter in letters:
            headers = replay_headers(letter)
            await producer.send_and_wait(
                letter.original_topic,
                letter.record.value,
                key=letter.record.key,
                headers=[(k, v.encode()) for k, v in headers.items()],
            )
    finally:
        await producer.stop()
    return len(letters)
