"""Safety events of a referral's story, for the tests: a safeguarding concern raised on its
journey, and a lone-working visit checked into, overdue and checked out of (builders.Story has
none of its own)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from linkwork_devstack.builders import Story
from linkwork_schemas.journey import (
    LoneWorkerCheckedIn,
    LoneWorkerCheckedOut,
    LoneWorkerOverdue,
    SafeguardingConcernRaised,
)
from linkwork_schemas.notification import (
    SafeguardingConcernEscalated,
    SafeguardingConcernEscalatedPayload,
)

GRACE = timedelta(minutes=30)


def to_the_millisecond(moment: datetime) -> datetime:
    """As the database keeps it."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def concern_raised(story: Story, **fields: Any) -> SafeguardingConcernRaised:
    """A safeguarding flag raised on the story's journey by its link worker, just now."""
    defaults: dict[str, Any] = {
        "journey_id": story.journey_id,
        "referral_id": story.referral_id,
        "concern_id": f"flag-{uuid.uuid4().hex[:8]}",
        "team_id": story.team,
        "link_worker_id": story.link_worker,
        "raised_by": story.link_worker,
        "raised_at": to_the_millisecond(datetime.now(UTC)),
    }
    return story.build(SafeguardingConcernRaised, story.journey_id, **(defaults | fields))


class Visit:
    """A home visit of the story's link worker, expected to end an hour ago (`ended`)."""

    def __init__(self, story: Story, ended: timedelta = timedelta(hours=1)) -> None:
        self.story = story
        self.appointment_id = f"apt-{uuid.uuid4().hex[:8]}"
        self.expected_end = datetime.now(UTC).replace(microsecond=0) - ended

    def _facts(self) -> dict[str, Any]:
        return {
            "journey_id": self.story.journey_id,
            "referral_id": self.story.referral_id,
            "appointment_id": self.appointment_id,
            "link_worker_id": self.story.link_worker,
            "team_id": self.story.team,
            "expected_end": self.expected_end,
        }

    def checked_in(self) -> LoneWorkerCheckedIn:
        who = self.story.link_worker
        at = self.expected_end - timedelta(hours=1)
        facts = {**self._facts(), "checked_in_by": who, "checked_in_at": at}
        return self.story.build(LoneWorkerCheckedIn, self.story.journey_id, **facts)

    def overdue(self) -> LoneWorkerOverdue:
        facts = {**self._facts(), "overdue_since": self.expected_end + GRACE}
        return self.story.build(LoneWorkerOverdue, self.story.journey_id, **facts)

    def checked_out(self, *, late: bool) -> LoneWorkerCheckedOut:
        who, at = self.story.link_worker, datetime.now(UTC)
        facts = {**self._facts(), "checked_out_by": who, "checked_out_at": at, "late": late}
        return self.story.build(LoneWorkerCheckedOut, self.story.journey_id, **facts)


def escalated(raised: SafeguardingConcernRaised) -> SafeguardingConcernEscalated:
    """The concern escalated by this service's timer, four hours after it was raised."""
    p = raised.payload
    return SafeguardingConcernEscalated.build(
        aggregate_id=p.concern_id,
        payload=SafeguardingConcernEscalatedPayload(
            concern_id=p.concern_id,
            journey_id=p.journey_id,
            referral_id=p.referral_id,
            team_id=p.team_id,
            raised_at=p.raised_at,
            escalated_at=p.raised_at + timedelta(hours=4),
        ),
        producer="notifications",
    )
