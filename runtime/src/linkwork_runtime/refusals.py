"""Refusals: what a caller asked for cannot be done, said in words the caller can act on.

Domain rules and actions raise these (they import nothing of the web); every service's app
maps them to one HTTP answer, `{"detail": {"error": <code>, "message": ..., "where": ...}}`,
with the refusal's status. A service names a refusal of its own by subclassing one with
another `code` (e.g. `class JourneyIsClosed(Conflict): code = "journey_closed"`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

T = TypeVar("T")


class Refusal(Exception):
    """A request refused; `where` names the field or JSON path it is about, when there is one."""

    status: ClassVar[int] = 400
    code: ClassVar[str] = "refused"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where

    def detail(self) -> dict[str, Any]:
        detail: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.where is not None:
            detail["where"] = self.where
        return detail


class NotFound(Refusal, LookupError):
    """404: no such thing, or none the caller may see (existence is not revealed)."""

    status = 404
    code = "not_found"


class NotPermitted(Refusal, PermissionError):
    """403: the caller may see it but may not do this to it."""

    status = 403
    code = "forbidden"


class Conflict(Refusal):
    """409: not allowed in the current state; the message says what the state is."""

    status = 409
    code = "conflict"


class Unprocessable(Refusal, ValueError):
    """422: a request the caller can fix."""

    status = 422
    code = "unprocessable"


def permitted(
    found: T | None,
    kind: str,
    id_: str,
    *,
    sees: Callable[[T], bool],
    may: Callable[[T], bool],
    who: str,
) -> T:
    """`found` (the `kind` with id `id_`), if the caller `who` may take this step on it.

    NotFound when it does not exist or the caller may not even see it, so a caller learns
    nothing of others' records; NotPermitted when they see it but may not take this step.
    """
    if found is None or not (sees(found) or may(found)):
        raise NotFound(f"no {kind} {id_!r}")
    if not may(found):
        raise NotPermitted(f"{who} may not do this to {kind} {id_}")
    return found
