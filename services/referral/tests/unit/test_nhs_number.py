"""The NHS number: ten digits whose tenth is a Modulus 11 check digit."""

from __future__ import annotations

import random

import pytest

from linkwork_referral.domain.nhs_number import check_digit, is_valid, normalise


def reference_check(first_nine: str) -> int:
    """NHS Data Dictionary: weights 10..2, check = 11 - sum % 11, 11 -> 0, 10 -> no number (-1)."""
    total = 0
    for position, digit in enumerate(first_nine):
        total += int(digit) * (10 - position)
    check = 11 - total % 11
    return {11: 0, 10: -1}.get(check, check)


def test_reference_worked_examples() -> None:
    # 9 4 3 4 7 6 5 9 1 -> 90+36+24+28+42+30+20+27+2 = 299; 299 % 11 = 2; 11 - 2 = 9
    assert reference_check("943476591") == 9
    # 9 4 3 4 7 6 5 8 7 -> 308; 308 % 11 = 0; 11 - 0 = 11 -> 0
    assert reference_check("943476587") == 0
    # 9 4 3 4 7 6 5 9 6 -> 309; 309 % 11 = 1; 11 - 1 = 10 -> no valid number
    assert reference_check("943476596") == -1


@pytest.mark.parametrize(
    ("first_nine", "expected"),
    [("943476591", 9), ("943476587", 0), ("943476596", None), ("100000001", None)],
)
def test_check_digit_follows_modulus_11(first_nine: str, expected: int | None) -> None:
    assert check_digit(first_nine) == expected


@pytest.mark.parametrize("number", ["9434765919", "9434765870"])
def test_known_valid_numbers_are_valid(number: str) -> None:
    assert is_valid(number)


@pytest.mark.parametrize(
    "written",
    ["943 476 5919", "943-476-5919", " 9434765919 ", "943\t476\t5919", "9434 765 870"],
)
def test_spaces_and_dashes_people_write_are_ignored(written: str) -> None:
    assert is_valid(written)
    assert normalise(written) in {"9434765919", "9434765870"}


@pytest.mark.parametrize("number", ["9434765918", "9434765910", "9434765871", "9434765879"])
def test_wrong_check_digit_is_invalid(number: str) -> None:
    assert not is_valid(number)


@pytest.mark.parametrize("last", range(10))
def test_number_whose_check_would_be_10_is_invalid_whatever_its_last_digit(last: int) -> None:
    assert not is_valid(f"943476596{last}")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "943476591A",
        "abcdefghij",
        "9434765919x",
        "943.476.5919",
        "+449434765919",
        "9434765919/1",
    ],
)
def test_non_digits_and_wrong_lengths_are_invalid(value: str) -> None:
    assert not is_valid(value)


def test_validity_agrees_with_the_reference_for_many_numbers() -> None:
    rng = random.Random(20250303)
    checked = valid = 0
    for _ in range(5000):
        number = "".join(str(rng.randint(0, 9)) for _ in range(10))
        expected = reference_check(number[:9]) == int(number[9])
        assert is_valid(number) is expected, number
        checked += 1
        valid += expected
    assert checked == 5000
    assert 300 < valid < 700  # roughly one in eleven


def test_exactly_one_last_digit_completes_nine_digits_unless_the_check_is_10() -> None:
    rng = random.Random(7)
    for _ in range(500):
        first_nine = "".join(str(rng.randint(0, 9)) for _ in range(9))
        completing = [d for d in range(10) if is_valid(f"{first_nine}{d}")]
        expected = reference_check(first_nine)
        assert completing == ([] if expected == -1 else [expected])


def test_only_ascii_digits_make_an_nhs_number() -> None:
    full_width = "9434765919".translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert full_width != "9434765919"

    assert not is_valid(full_width)
