"""A journey's services from directory events: a link that ends early after acceptance reads as
ended (not declined), and what the person attended still counts in the closing summary."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from linkwork_devstack.builders import Story
from linkwork_journey.domain.services import services_after
from linkwork_journey.domain.summary import summarise
from linkwork_journey.domain.timeline import describe
from linkwork_schemas import Event
from linkwork_schemas.directory import (
    LinkEndedBy,
    ServiceLinkAccepted,
    ServiceLinkDeclined,
    ServiceLinked,
    ServiceLinkEnded,
)

E = TypeVar("E", bound=Event)
JOURNEY = Story(journey_id="j-1", correlated=False)  # lw-amina's


def link(cls: type[E], link_id: str, **fields: Any) -> E:
    return JOURNEY.link(cls, link_id, service_id=f"s-{link_id}", **fields)


def linked(link_id: str, name: str) -> ServiceLinked:
    return link(ServiceLinked, link_id, service_name=name, organization_id="o-1")


def ended(
    link_id: str, by: LinkEndedBy = "provider", sessions: int = 0, last: date | None = None
) -> ServiceLinkEnded:
    return link(
        ServiceLinkEnded,
        link_id,
        reason="the group has closed",
        ended_by=by,
        organization_id="o-1",
        attended_sessions=sessions,
        last_attended_on=last,
    )


def replay(*events: Event) -> list[Mapping[str, Any]]:
    services: list[Mapping[str, Any]] = []
    for event in events:
        services = [*services_after(services, event)]
    return services


def test_a_link_ended_after_attending_is_ended_and_counts_as_attended_in_the_summary() -> None:
    accepted = link(ServiceLinkAccepted, "l-1")
    declined = link(ServiceLinkDeclined, "l-2", reason="Full")
    services = replay(
        linked("l-1", "Hyde Park Walkers"),
        accepted,
        ended("l-1", sessions=3, last=date(2025, 3, 18)),
        linked("l-2", "Meanwood Allotments"),
        declined,
    )

    assert [(s["service_name"], s["status"]) for s in services] == [
        ("Hyde Park Walkers", "ended"),
        ("Meanwood Allotments", "declined"),
    ]
    assert services[0]["attended_on"] == "2025-03-18"
    assert (services[0]["ended_by"], services[0]["attended_sessions"]) == ("provider", 3)
    summary = summarise({"services": services})
    assert summary.services_linked == ["Hyde Park Walkers", "Meanwood Allotments"]
    assert summary.services_attended == ["Hyde Park Walkers"]


def test_a_link_ended_before_any_session_is_linked_but_not_attended() -> None:
    services = replay(linked("l-1", "Hyde Park Walkers"), ended("l-1", by="link_worker"))

    assert services[0]["status"] == "ended" and "attended_on" not in services[0]
    assert summarise({"services": services}).services_attended == []


def test_the_timeline_says_who_ended_the_link_and_after_how_many_sessions() -> None:
    assert describe(ended("l-1", sessions=2)) == (
        "The link was ended by the service after 2 sessions: the group has closed"
    )
    assert describe(ended("l-1", by="link_worker")) == (
        "The link was ended by the link worker: the group has closed"
    )
    assert describe(ended("l-1", by="journey_closed", sessions=1)) == (
        "The link ended as the journey closed after 1 session"
    )
