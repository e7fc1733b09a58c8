"""Refusals the directory's handlers raise; the app turns each into an HTTP answer that says
what was wrong and where."""

from __future__ import annotations


class NotFound(LookupError):
    """404: no such thing, or not one the caller may see (existence is not revealed)."""


class NotPermitted(PermissionError):
    """403: the caller may see it but not do this to it."""


class Conflict(Exception):
    """409: not allowed in the current state; the message says what is."""


class Unprocessable(ValueError):
    """422: a request the caller can fix; `where` names the field."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message
