"""A report's figures: the facts it counts, read in one or two requests, computed by the
domain (counts, waits, outcomes, connections) and protected against disclosure."""

from __future__ import annotations

from typing import Any, Literal

from linkwork_insights.domain.connections import connections
from linkwork_insights.domain.counts import By, referrals_by_month, unmet_needs
from linkwork_insights.domain.facts import Facts
from linkwork_insights.domain.outcomes import outcomes
from linkwork_insights.domain.periods import Filters
from linkwork_insights.domain.scope import Criteria
from linkwork_insights.domain.waits import waits
from linkwork_insights.store import Store

Report = Literal["referrals", "waits", "outcomes", "connections", "unmet-needs"]
REPORTS: tuple[Report, ...] = ("referrals", "waits", "outcomes", "connections", "unmet-needs")


def _where(criteria: Criteria, month_field: str, months: list[str]) -> dict[str, Any]:
    where: dict[str, Any] = {month_field: {"$in": months}}
    if criteria.practices is not None:
        where["practice"] = {"$in": sorted(criteria.practices)}
    if criteria.team is not None:
        where["team_id"] = criteria.team
    if criteria.route is not None:
        where["route"] = criteria.route
    return where


async def _links_in_scope(store: Store, criteria: Criteria, months: list[str]) -> list[Facts]:
    links = await store.links.matching({"month": {"$in": months}})
    journeys = sorted({link["journey_id"] for link in links if link.get("journey_id")})
    where = {**_where(criteria, "month", []), "journey_id": {"$in": journeys}}
    del where["month"]  # a link made this month may be of a referral of any month
    referrals = await store.referrals.find(where, projection={"journey_id": 1})
    in_scope = {facts["journey_id"] for facts in referrals}
    return [link for link in links if link.get("journey_id") in in_scope]


async def figures(
    store: Store, report: Report, asked: Filters, criteria: Criteria, suppress_below: int, by: By
) -> dict[str, Any]:
    months = asked.months
    if report == "referrals":
        received = await store.referrals.matching(_where(criteria, "month", months))
        return referrals_by_month(received, months, by, suppress_below)
    if report == "waits":
        return waits(
            await store.referrals.matching(_where(criteria, "month", months)), suppress_below
        )
    if report == "outcomes":
        ended = await store.referrals.matching(_where(criteria, "end_month", months))
        return outcomes(ended, suppress_below)
    if report == "connections":
        return connections(await _links_in_scope(store, criteria, months), suppress_below)
    recorded = await store.unmet_needs.find({"month": {"$in": months}})
    return unmet_needs(recorded, suppress_below)
