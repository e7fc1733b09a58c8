"""Keep personal data out of logs and failure reasons: e-mail addresses and long digit runs
(phone and NHS numbers) that a provider may echo in an error message are masked."""

from __future__ import annotations

import re

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_DIGITS = re.compile(r"\+?\d[\d ()-]{6,}\d")


def redact(text: str, limit: int = 300) -> str:
    masked = _DIGITS.sub("<number>", _EMAIL.sub("<address>", text))
    return masked if len(masked) <= limit else masked[: limit - 1] + "…"
