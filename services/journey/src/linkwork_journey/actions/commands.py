"""What a link worker asks the journey service to do, parsed at the HTTP boundary."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from linkwork_schemas.common import NeedDomain
from linkwork_schemas.journey import (
    CommunicationNeed,
    ContactMode,
    Instrument,
    Need,
    NoteCategory,
    RiskKind,
)


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LogContact(Command):
    mode: ContactMode
    occurred_on: date
    duration_minutes: int | None = Field(default=None, ge=0, le=600)
    attended: bool = Field(default=True, description="false: the person did not attend")
    with_whom: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=4000)
    appointment_id: str | None = Field(
        default=None, description="The appointment this contact kept: it is marked held"
    )


class ScheduleContact(Command):
    """Book a contact ahead: the person, if they consented, is reminded of it."""

    scheduled_for: AwareDatetime = Field(description="When it starts, with its UTC offset")
    mode: ContactMode
    duration_minutes: int | None = Field(default=None, ge=0, le=600)
    location: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Face-to-face and group only: where, e.g. 'Hyde Park Surgery, room 2'. "
        "It is sent to the person: never a home address or notes",
    )


class CancelAppointment(Command):
    reason: str = Field(min_length=1, max_length=500, description="For staff; not sent on")


class AssessNeeds(Command):
    """The "what matters to you" conversation: needs by domain and the barriers named."""

    needs: list[Need] = Field(min_length=1)
    barriers: list[str] = Field(default_factory=list)


class SetGoal(Command):
    description: str = Field(min_length=1, max_length=500)
    need_domain: NeedDomain | None = None
    target_date: date | None = None


class ProgressGoal(Command):
    note: str = Field(min_length=1, max_length=2000)


class AchieveGoal(Command):
    note: str | None = Field(default=None, max_length=2000)


class AbandonGoal(Command):
    reason: str = Field(min_length=1, max_length=1000)


class MeasureOutcome(Command):
    instrument: Instrument
    measured_on: date
    items: dict[str, int] = Field(description="Answer per item, e.g. ONS4 {'anxiety': 3, ...}")
    kind: Literal["baseline", "follow_up"] | None = Field(
        default=None, description="Default: baseline if none yet for the instrument"
    )


class CloseJourney(Command):
    reason: Literal[
        "goals_met", "disengaged", "moved_away", "declined_support", "transferred", "died"
    ]


class RaiseRiskFlag(Command):
    """A flag every reader of the journey sees first: a lone-working risk, do not visit alone,
    a safeguarding concern, communication needs, or another risk."""

    kind: RiskKind
    description: str = Field(min_length=1, max_length=1000)
    communication: list[CommunicationNeed] = Field(
        default_factory=list, description="Communication needs only: which (at least one)"
    )
    review_on: date = Field(description="When to look at it again: today or later")


class ReviewRiskFlag(Command):
    note: str = Field(min_length=1, max_length=1000, description="What was found")
    next_review_on: date


class RemoveRiskFlag(Command):
    reason: str = Field(min_length=1, max_length=1000)


class AddNote(Command):
    category: NoteCategory
    text: str = Field(min_length=1, max_length=8000)
    restricted: bool = Field(
        default=False,
        description="Seen only by you, your team's managers and information governance",
    )


class CorrectNote(Command):
    """A new version of a note: the old one stays, marked as superseded."""

    text: str = Field(min_length=1, max_length=8000)
    category: NoteCategory | None = Field(default=None, description="Default: the note's")
    restricted: bool | None = Field(default=None, description="Default: as the note was")


class CheckIn(Command):
    """At the door of a home visit: the team knows where she is until she checks out."""

    expected_end: AwareDatetime | None = Field(
        default=None,
        description="When the visit should be over; default: the appointment's length "
        "(or an hour) from now",
    )


class CheckOut(Command):
    """Out of the visit, safe."""
