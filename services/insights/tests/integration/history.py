"""A hand-computed history of events for the insights tests: 11 referrals from B86001 (PCN
U00001) in January and February 2026, 6 from B86002 (PCN U00002), five journeys closed in
March with goals and SWEMWBS measures, five links and six unmet needs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from linkwork_devstack.builders import Story, event
from linkwork_schemas import Event
from linkwork_schemas.common import NeedDomain, ReferralReason, Referrer
from linkwork_schemas.directory import ServiceLinkAccepted, ServiceLinked, UnmetNeedRecorded
from linkwork_schemas.journey import GoalAchieved, GoalSet, Instrument, OutcomeMeasured

PERSON = {"birth_date": date(1950, 3, 1), "postcode": "LS6 1AA"}
LONELY = [ReferralReason(text="Isolated", domain=NeedDomain.LONELINESS)]


def at(when: datetime, built: Event) -> Event:
    return built.model_copy(update={"occurred_at": when})


def referral(practice: str, received: datetime, days_to_assign: int) -> tuple[Story, list[Event]]:
    story = Story(team="leeds-north" if practice != "B86002" else "leeds-south")
    referrer = Referrer(ods_code=practice, organisation_name=practice)
    assigned = received + timedelta(days=days_to_assign)
    accepted = assigned + timedelta(days=1)
    events = [
        story.received(referrer=referrer, received_at=received, person=PERSON, reasons=LONELY),
        at(assigned, story.assigned()),
        at(accepted, story.accepted(referrer=referrer, accepted_at=accepted)),
    ]
    return story, events


def journey(story: Story, n: int) -> list[Event]:
    """Started, two goals (one achieved), SWEMWBS 20 then 20 + n, a link, closed in March."""
    j: dict[str, Any] = {"journey_id": story.journey_id, "set_by": "lw-amina"}
    baseline = {
        "journey_id": story.journey_id,
        "instrument": Instrument.SWEMWBS,
        "recorded_by": "lw",
    }
    linked_at = datetime(2026, 2, 1, 9, tzinfo=UTC)
    return [
        story.journey_started(),
        story.build(GoalSet, story.journey_id, goal_id="g1", description="Walk", **j),
        story.build(GoalSet, story.journey_id, goal_id="g2", description="Club", **j),
        story.build(
            GoalAchieved,
            story.journey_id,
            goal_id="g1",
            journey_id=story.journey_id,
            recorded_by="lw",
        ),
        story.build(
            OutcomeMeasured,
            story.journey_id,
            measure_id="m1",
            kind="baseline",
            measured_on=date(2026, 1, 20),
            scores={"total": 20},
            **baseline,
        ),
        story.build(
            OutcomeMeasured,
            story.journey_id,
            measure_id="m2",
            kind="follow_up",
            measured_on=date(2026, 3, 1),
            scores={"total": 20 + n},
            **baseline,
        ),
        at(
            linked_at,
            story.link(
                ServiceLinked,
                service_name="Walks",
                organization_id="org-1",
                need_domain=NeedDomain.LONELINESS,
            ),
        ),
        at(linked_at + timedelta(days=2), story.link(ServiceLinkAccepted)),
        at(datetime(2026, 3, 10, tzinfo=UTC), story.journey_closed(reason="goals_met")),
    ]


def history() -> list[Event]:
    events: list[Event] = []
    stories: list[Story] = []
    for month, count in ((1, 6), (2, 5)):
        for d in range(1, count + 1):
            story, made = referral("B86001", datetime(2026, month, 5, 9, tzinfo=UTC), d)
            stories.append(story)
            events += made
    for month, count in ((1, 5), (2, 1)):
        for d in range(1, count + 1):
            events += referral("B86002", datetime(2026, month, 6, 9, tzinfo=UTC), d)[1]
    for n, story in enumerate(stories[:5], start=1):
        events += journey(story, n)
    for _ in range(6):
        need = event(UnmetNeedRecorded, "unmet", need_domain=NeedDomain.HOUSING, area="LS6")
        events.append(at(datetime(2026, 2, 3, tzinfo=UTC), need))
    return events
