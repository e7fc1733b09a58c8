"""The NHS number: ten digits, the tenth a Modulus 11 check digit."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"^[0-9]{10}$")  # ASCII only: \d admits other scripts' digits


def check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid number can end them (10)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - (total % 11)
    if check == 11:
        return 0
    return None if check == 10 else check


def normalise(value: str) -> str:
    """Drop the spaces and dashes people write NHS numbers with (943 476 5919)."""
    return re.sub(r"[\s-]", "", value)


def is_valid(value: str) -> bool:
    number = normalise(value)
    if not _DIGITS.match(number):
        return False
    return check_digit(number[:9]) == int(number[9])
