"""Service searches as MongoDB filters: a ServiceQuery in the fields the services store."""

from __future__ import annotations

import re
from typing import Any

from linkwork_directory.domain.service_search import ServiceQuery


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
