"""Events on `insights.events`: what the insights service makes public of its reports."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from linkwork_schemas import topics
from linkwork_schemas.envelope import Event, Payload


class InsightsEvent(Event):
    TOPIC = topics.INSIGHTS_EVENTS


class ReportPublishedPayload(Payload):
    """A period's report frozen as published: anyone reading it later (or after a rebuild of
    the projections) gets these figures. Carries no figures itself and names no person."""

    publication_id: str
    report: Literal["referrals", "waits", "outcomes", "connections", "unmet-needs"]
    period_from: str = Field(description="First month of the period, YYYY-MM")
    period_to: str = Field(description="Last month of the period, YYYY-MM")
    filters: dict[str, str] = Field(
        default_factory=dict, description="practice, pcn, icb, team or route the report is for"
    )
    published_by: str
    published_at: AwareDatetime
    suppress_below: int = Field(ge=1, description="Counts below this were suppressed")


class ReportPublished(InsightsEvent):
    event_type: Literal["ReportPublished"] = "ReportPublished"
    schema_version: Literal[1] = 1
    payload: ReportPublishedPayload
