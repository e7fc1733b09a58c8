"""`/dead-letters` (role ops), in every service: what this service's consumers dead-lettered
on the dead-letter topics of the topics it consumes, one kept message with its original
bytes, and a replay once the cause is fixed. The same reading and choosing as `linkwork-ops
dlq` (dead_letter.py, dead_letter_selection.py), narrowed to this service's consumer group
(`x-dlq-consumer`). Lists never show a message's content: it may hold personal data."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from linkwork_runtime.access import unconfined
from linkwork_runtime.answers import refused
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.dead_letter import DeadLetter, read_dead_letters, replay
from linkwork_runtime.dead_letter_selection import Position, select
from linkwork_runtime.http import Paging
from linkwork_runtime.paging import page_of
from linkwork_runtime.refusals import NotFound, Unprocessable
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas.topics import dead_letter_topic

router = APIRouter(
    prefix="/dead-letters",
    tags=["ops"],
    dependencies=[unconfined("ops mend every consumer's dead letters (lists show no content)")],
)
Ops = Annotated[Principal, Depends(require_roles(Role.OPS))]


@dataclass(frozen=True)
class ServiceDeadLetters:
    """Where this service's dead letters are kept (the topics it consumes, unprefixed) and
    whose they are (its consumer group)."""

    settings: ServiceSettings
    consumes: Sequence[str]

    @property
    def consumer(self) -> str:
        return self.settings.consumer_group

    def kept_on(self, topic: str) -> str:
        return f"{dead_letter_topic(topic)} for consumer {self.consumer}"

    async def kept(self, topic: str) -> list[DeadLetter]:
        """What this service kept on `topic`'s dead-letter topic; 404 for a topic it does
        not consume."""
        if topic not in self.consumes:
            raise NotFound(
                f"{self.settings.service_name} does not consume {topic!r}; "
                f"it consumes {sorted(self.consumes)}"
            )
        bootstrap = self.settings.kafka_bootstrap_servers
        return await read_dead_letters(
            bootstrap, self.settings.topic(topic), consumer=self.consumer
        )


def service_dead_letters(request: Request) -> ServiceDeadLetters:
    kept: ServiceDeadLetters = request.app.state.kept_dead_letters
    return kept


Kept = Annotated[ServiceDeadLetters, Depends(service_dead_letters)]


class KeptAt(BaseModel):
    model_config = ConfigDict(extra="forbid")
    partition: int = Field(ge=0, description="The partition of the dead-letter topic")
    offset: int = Field(ge=0, description="The message's offset on that partition")


class ReplayRequest(BaseModel):
    """Which kept messages to send back: some, or all of this service's (exactly one)."""

    model_config = ConfigDict(extra="forbid")
    messages: list[KeptAt] = Field(default_factory=list, description="Kept messages to replay")
    all: bool = Field(default=False, description="Every message this service kept there")

    def chosen(self, letters: Sequence[DeadLetter], kept_on: str) -> list[DeadLetter]:
        if self.all == bool(self.messages):
            raise Unprocessable(
                "give messages (one or more) or all: true, not both", where="messages"
            )
        if self.all:
            return list(letters)
        return select(letters, [Position(m.offset, m.partition) for m in self.messages], kept_on)


def summary(letter: DeadLetter) -> dict[str, Any]:
    """Where a kept message is, when, who failed on it, where in it and why; no content."""
    return {
        "partition": letter.record.partition,
        "offset": letter.record.offset,
        "failed_at": letter.failed_at,
        "consumer": letter.consumer,
        "kind": letter.kind,
        "where": letter.where,
        "reason": letter.reason,
        "replayed": letter.replayed,
    }


def content(value: bytes) -> dict[str, Any]:
    """The original bytes: as text when they are UTF-8, else base64 (and flagged so)."""
    try:
        return {"content": value.decode(), "base64": False}
    except UnicodeDecodeError:
        return {"content": base64.b64encode(value).decode("ascii"), "base64": True}


@router.get("", summary="Each consumed topic and how many of this service's dead letters it holds")
async def topics(_: Ops, kept: Kept) -> dict[str, Any]:
    held = await asyncio.gather(*(kept.kept(topic) for topic in kept.consumes))
    return {
        "consumer": kept.consumer,
        "topics": [
            {"topic": topic, "dead_letter_topic": dead_letter_topic(topic), "kept": len(letters)}
            for topic, letters in zip(kept.consumes, held, strict=True)
        ],
    }


# A topic this service does not consume, or a message it did not keep there: 404.
@router.get(
    "/{topic}",
    summary="This service's dead letters on a topic: where, when, why",
    responses=refused(NotFound),
)
async def list_kept(topic: str, _: Ops, kept: Kept, paging: Paging) -> dict[str, Any]:
    letters = await kept.kept(topic)
    return page_of(map(summary, paging.cut(letters)), len(letters), paging)


@router.get(
    "/{topic}/{partition}/{offset}",
    summary="One kept message with its original bytes",
    responses=refused(NotFound),
)
async def show(topic: str, partition: int, offset: int, _: Ops, kept: Kept) -> dict[str, Any]:
    (letter,) = select(await kept.kept(topic), [Position(offset, partition)], kept.kept_on(topic))
    return {**summary(letter), "headers": letter.record.headers, **content(letter.record.value)}


@router.post(
    "/{topic}/replay",
    summary="Send kept messages back to their topic, once fixed",
    responses=refused(NotFound),
)
async def replay_kept(topic: str, body: ReplayRequest, _: Ops, kept: Kept) -> dict[str, Any]:
    letters = body.chosen(await kept.kept(topic), kept.kept_on(topic))
    replayed = await replay(kept.settings.kafka_bootstrap_servers, letters)
    return {
        "replayed": replayed,
        "messages": [{"partition": x.record.partition, "offset": x.record.offset} for x in letters],
    }
