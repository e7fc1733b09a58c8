"""Choosing kept messages by partition and offset, the one way the ops CLI and every
service's `/dead-letters` do it (no infrastructure)."""

from __future__ import annotations

import pytest

from linkwork_runtime.dead_letter import DeadLetter
from linkwork_runtime.dead_letter_selection import NotKept, Position, SeveralPartitions, select
from linkwork_runtime.topic_reader import Record


def kept(partition: int, offset: int) -> DeadLetter:
    return DeadLetter(Record("t.referral.events.dlq", partition, offset, None, b"{}", {}))


LETTERS = [kept(0, 3), kept(0, 4), kept(1, 3)]


def test_messages_are_chosen_by_partition_and_offset_in_the_topics_order() -> None:
    chosen = select(LETTERS, [Position(3, partition=1), Position(4, partition=0)], "x.dlq")
    assert [(x.record.partition, x.record.offset) for x in chosen] == [(0, 4), (1, 3)]
    assert select(LETTERS, [Position(4)], "x.dlq") == [LETTERS[1]]


def test_a_position_where_nothing_is_kept_is_refused_naming_it() -> None:
    with pytest.raises(NotKept, match=r"^nothing kept at 1/4, 2/0 of x.dlq$"):
        select(LETTERS, [Position(4, partition=1), Position(0, partition=2)], "x.dlq")
    with pytest.raises(NotKept, match=r"^nothing kept at offset \[41\] of x.dlq$"):
        select(LETTERS, [Position(41), Position(3)], "x.dlq")


def test_an_offset_without_its_partition_held_by_several_is_refused() -> None:
    with pytest.raises(SeveralPartitions, match="several partitions"):
        select(LETTERS, [Position(3)], "x.dlq")
