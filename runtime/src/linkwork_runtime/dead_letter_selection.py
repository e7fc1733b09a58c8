"""Choosing kept messages by where they sit on a dead-letter topic (partition and offset):
the one way `linkwork-ops dlq show|replay` and every service's `/dead-letters` pick them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from linkwork_runtime.dead_letter import DeadLetter
from linkwork_runtime.refusals import NotFound, Unprocessable


@dataclass(frozen=True)
class Position:
    """Where a message is kept on a dead-letter topic: its offset, on one partition (None:
    on whichever holds it)."""

    offset: int
    partition: int | None = None

    def holds(self, letter: DeadLetter) -> bool:
        record = letter.record
        return record.offset == self.offset and self.partition in (None, record.partition)


class NotKept(NotFound):
    """Nothing is kept where the caller pointed."""


class SeveralPartitions(Unprocessable):
    """An offset without a partition, held by more than one partition."""


def select(
    letters: Sequence[DeadLetter], positions: Sequence[Position], kept_on: str
) -> list[DeadLetter]:
    """The letters at `positions`, in the dead-letter topic's order. Refused naming every
    position where nothing is kept (`kept_on` says where that was looked for), or when an
    offset given without a partition is held by several."""
    chosen = [x for x in letters if any(p.holds(x) for p in positions)]
    missing = [p for p in positions if not any(p.holds(x) for x in chosen)]
    if missing:
        raise NotKept(f"nothing kept at {_named(missing)} of {kept_on}")
    if len(chosen) > len(set(positions)):
        raise SeveralPartitions(f"{kept_on} holds these offsets on several partitions: say which")
    return chosen


def _named(positions: Sequence[Position]) -> str:
    """Positions as ops write them: `offset [3, 5]`, or `0/3, 1/5` (partition/offset)."""
    if all(p.partition is None for p in positions):
        return f"offset {sorted({p.offset for p in positions})}"
    return ", ".join(f"{p.partition}/{p.offset}" for p in positions)
