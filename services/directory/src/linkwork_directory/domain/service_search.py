"""What a search of services asks for: the ORUK query parameters' and the link worker's
questions in one value (the store turns it into its own filter)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceQuery:
    text: str | None = None
    term_ids: frozenset[str] | None = None  # None: any; empty: none can match
    minimum_age: float | None = None  # ORUK: services whose minimum age is at least this
    maximum_age: float | None = None  # ORUK: services whose maximum age is at most this
    day: str | None = None
    start_time: str | None = None  # ORUK: opening at or after
    end_time: str | None = None  # ORUK: closing at or before
    open_at: str | None = None  # link worker: open at this time (on `day`, any day if none)
    eligible_age: int | None = None  # link worker: a person of this age may use it
    available_only: bool = False  # active and not withdrawn

    def given(self) -> bool:
        return any(v not in (None, False) for v in vars(self).values())
