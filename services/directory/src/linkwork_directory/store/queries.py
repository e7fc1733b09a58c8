"""Service searches as MongoDB filters: the ORUK query parameters and the link worker's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any


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


def service_filter(query: ServiceQuery) -> dict[str, Any]:
    found: dict[str, Any] = {}
    conditions: list[dict[str, Any]] = [
        {"search_text": {"$regex": re.escape(word)}} for word in (query.text or "").lower().split()
    ]
    if query.term_ids is not None:
        found["term_ids"] = {"$in": sorted(query.term_ids)}
    if query.minimum_age is not None:
        found["oruk.minimum_age"] = {"$gte": query.minimum_age}
    if query.maximum_age is not None:
        found["oruk.maximum_age"] = {"$lte": query.maximum_age}
    if query.eligible_age is not None:
        age = query.eligible_age
        conditions += [
            {"$or": [{"oruk.minimum_age": None}, {"oruk.minimum_age": {"$lte": age}}]},
            {"$or": [{"oruk.maximum_age": None}, {"oruk.maximum_age": {"$gte": age}}]},
        ]
    opening: dict[str, Any] = {}
    if query.day:
        opening["days"] = query.day
    if query.start_time:
        opening["opens_at"] = {"$gte": query.start_time}
    if query.end_time:
        opening["closes_at"] = {"$lte": query.end_time}
    if query.open_at:
        opening["opens_at"] = {"$lte": query.open_at}
        opening["closes_at"] = {"$gt": query.open_at}
    if opening:
        found["opening_times"] = {"$elemMatch": opening}
    if query.available_only:
        found["oruk.status"] = "active"
        found["withdrawn_at"] = None
    if conditions:
        found["$and"] = conditions
    return found
