"""The GP system simulator: realistic, reproducible batches with chosen shares of bad input."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest

from linkwork_referral.actions.intake import from_kafka
from linkwork_referral.dev import simulator
from linkwork_referral.dev.simulator import build_batch, invalid_nhs_number, valid_nhs_number
from linkwork_referral.domain.nhs_number import is_valid
from linkwork_schemas.gp_referral import ReferralSubmission

FIXED_NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def nhs_numbers(batch: list[dict[str, Any]]) -> list[str]:
    return [document["patient"]["nhs_number"] for document in batch]


def source_ids(batch: list[dict[str, Any]]) -> list[str]:
    return [document["source_referral_id"] for document in batch]


def without_clock(batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in doc.items() if k != "submitted_at"} for doc in batch]


def test_same_seed_and_clock_give_the_same_batch() -> None:
    first = build_batch(40, invalid_share=0.3, duplicate_share=0.3, seed=11, now=FIXED_NOW)
    second = build_batch(40, invalid_share=0.3, duplicate_share=0.3, seed=11, now=FIXED_NOW)

    assert first == second
    assert {doc["submitted_at"] for doc in first} == {FIXED_NOW.isoformat()}


def test_same_seed_gives_the_same_referrals_whatever_the_clock_says() -> None:
    first = build_batch(40, invalid_share=0.3, duplicate_share=0.3, seed=11)
    second = build_batch(40, invalid_share=0.3, duplicate_share=0.3, seed=11)

    assert without_clock(first) == without_clock(second)


def test_different_seeds_give_different_batches() -> None:
    assert source_ids(build_batch(10, seed=1)) != source_ids(build_batch(10, seed=2))


def test_batch_has_the_requested_size() -> None:
    assert len(build_batch(0, seed=1)) == 0
    assert len(build_batch(25, invalid_share=0.5, duplicate_share=0.5, seed=1)) == 25


def test_all_nhs_numbers_are_valid_when_no_invalid_share_is_asked_for() -> None:
    batch = build_batch(300, invalid_share=0.0, seed=5)

    assert all(is_valid(number) for number in nhs_numbers(batch))


def test_all_nhs_numbers_are_invalid_when_the_invalid_share_is_one() -> None:
    batch = build_batch(300, invalid_share=1.0, seed=5)

    assert not any(is_valid(number) for number in nhs_numbers(batch))
    assert all(re.fullmatch(r"\d{10}", number) for number in nhs_numbers(batch))


def test_a_partial_invalid_share_mixes_valid_and_invalid_numbers() -> None:
    batch = build_batch(400, invalid_share=0.25, seed=5)

    invalid = sum(not is_valid(number) for number in nhs_numbers(batch))

    assert 60 <= invalid <= 140


def test_duplicate_share_repeats_source_referral_ids() -> None:
    batch = build_batch(100, duplicate_share=0.4, seed=3)

    counts = Counter(source_ids(batch))

    repeats = sum(count - 1 for count in counts.values())
    assert 20 <= repeats <= 60
    for source_id, count in counts.items():
        if count > 1:
            copies = [doc for doc in batch if doc["source_referral_id"] == source_id]
            assert all(copy == copies[0] for copy in copies)


def test_no_duplicate_share_gives_distinct_source_referral_ids() -> None:
    ids = source_ids(build_batch(300, seed=3))

    assert len(set(ids)) == len(ids)


def test_duplicate_share_of_one_resends_the_first_referral() -> None:
    batch = build_batch(8, duplicate_share=1.0, seed=3)

    assert set(source_ids(batch)) == {batch[0]["source_referral_id"]}


@pytest.mark.parametrize(("invalid_share", "duplicate_share"), [(0.0, 0.0), (0.3, 0.3), (1.0, 0.0)])
def test_every_document_is_a_valid_submission(invalid_share: float, duplicate_share: float) -> None:
    batch = build_batch(60, invalid_share, duplicate_share, seed=9)

    for document in batch:
        submission = ReferralSubmission.model_validate(document)
        assert submission.source_referral_id == document["source_referral_id"]
        assert from_kafka(json.dumps(document).encode()).submission == submission


def test_documents_look_like_leeds_gp_referrals() -> None:
    for document in build_batch(100, seed=4):
        assert re.fullmatch(r"LS([1-9]|1\d|2\d) [1-9][A-Z]{2}", document["patient"]["postcode"])
        assert document["referrer"]["ods_code"] in {ods for ods, _ in simulator.PRACTICES}
        assert document["source_system"] in {"EMIS", "SystmOne"}
        assert document["urgency"] in {"routine", "urgent"}
        assert datetime.fromisoformat(document["submitted_at"]).utcoffset() is not None


@pytest.mark.parametrize("seed", range(50))
def test_number_generators_make_what_they_promise(seed: int) -> None:
    rng = random.Random(seed)

    valid = valid_nhs_number(rng)
    invalid = invalid_nhs_number(rng)

    assert is_valid(valid)
    assert not is_valid(invalid)
    assert len(valid) == len(invalid) == 10
