"""Events on `directory.events`: local services (ORUK), links of people to them, unmet needs."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AwareDatetime, Field

from linkwork_schemas import topics
from linkwork_schemas.common import NeedDomain
from linkwork_schemas.envelope import Event, Payload


class DirectoryEvent(Event):
    TOPIC = topics.DIRECTORY_EVENTS


class ServiceListedPayload(Payload):
    service_id: str
    organization_id: str
    name: str
    description: str | None = None
    taxonomy_terms: list[str] = Field(default_factory=list)
    capacity_total: int | None = None


class ServiceListed(DirectoryEvent):
    event_type: Literal["ServiceListed"] = "ServiceListed"
    schema_version: Literal[1] = 1
    payload: ServiceListedPayload


class ServiceUpdatedPayload(Payload):
    service_id: str
    name: str
    changed_fields: list[str]


class ServiceUpdated(DirectoryEvent):
    event_type: Literal["ServiceUpdated"] = "ServiceUpdated"
    schema_version: Literal[1] = 1
    payload: ServiceUpdatedPayload


class ServiceWithdrawnPayload(Payload):
    service_id: str
    reason: str


class ServiceWithdrawn(DirectoryEvent):
    event_type: Literal["ServiceWithdrawn"] = "ServiceWithdrawn"
    schema_version: Literal[1] = 1
    payload: ServiceWithdrawnPayload


class ServiceCapacityChangedPayload(Payload):
    service_id: str
    capacity_total: int | None = Field(default=None, ge=0)
    capacity_available: int | None = Field(default=None, ge=0)


class ServiceCapacityChanged(DirectoryEvent):
    event_type: Literal["ServiceCapacityChanged"] = "ServiceCapacityChanged"
    schema_version: Literal[1] = 1
    payload: ServiceCapacityChangedPayload


class LinkPayload(Payload):
    """Fields every link event carries, so consumers need no lookup to route it."""

    link_id: str
    journey_id: str
    service_id: str
    link_worker_id: str


class ServiceLinkedPayload(LinkPayload):
    service_name: str
    organization_id: str
    provider_email: str | None = None
    need_domain: NeedDomain | None = None
    note: str | None = None


class ServiceLinked(DirectoryEvent):
    event_type: Literal["ServiceLinked"] = "ServiceLinked"
    schema_version: Literal[1] = 1
    payload: ServiceLinkedPayload


class ServiceLinkAccepted(DirectoryEvent):
    event_type: Literal["ServiceLinkAccepted"] = "ServiceLinkAccepted"
    schema_version: Literal[1] = 1
    payload: LinkPayload


class ServiceLinkDeclinedPayload(LinkPayload):
    """A link that never held a place: the provider declined it, or its journey closed while
    it was pending (`declined_by` link_worker). A link that ends after acceptance is
    ServiceLinkEnded. Payloads from before that event still carry `after_acceptance`: a
    tolerant reader ignores it."""

    reason: str
    declined_by: Literal["provider", "link_worker", "manager"] | None = Field(
        default=None, description="Who declined the link"
    )


class ServiceLinkDeclined(DirectoryEvent):
    event_type: Literal["ServiceLinkDeclined"] = "ServiceLinkDeclined"
    schema_version: Literal[1] = 1
    payload: ServiceLinkDeclinedPayload


LinkEndedBy = Literal["provider", "link_worker", "manager", "journey_closed"]


class ServiceLinkEndedPayload(LinkPayload):
    """A link that held a place (accepted, perhaps attended) ended before it was completed; the
    place is given back. Completion is ServiceLinkAttended with `completed`, never this."""

    reason: str
    ended_by: LinkEndedBy = Field(
        description="The party that ended it; journey_closed: the journey closed meanwhile"
    )
    organization_id: str = Field(description="The service's provider, who may need to hear")
    provider_email: str | None = None
    attended_sessions: int = Field(default=0, ge=0, description="Attendances recorded")
    last_attended_on: date | None = None


class ServiceLinkEnded(DirectoryEvent):
    event_type: Literal["ServiceLinkEnded"] = "ServiceLinkEnded"
    schema_version: Literal[1] = 1
    payload: ServiceLinkEndedPayload


class ServiceLinkExpired(DirectoryEvent):
    event_type: Literal["ServiceLinkExpired"] = "ServiceLinkExpired"
    schema_version: Literal[1] = 1
    payload: LinkPayload


class ServiceLinkReminderDuePayload(LinkPayload):
    """A link still unanswered: its provider is reminded, once halfway to expiry and once two
    days before it."""

    service_name: str
    organization_id: str
    provider_email: str | None = None
    expires_at: AwareDatetime
    reminder: Literal["halfway", "two_days_left"]


class ServiceLinkReminderDue(DirectoryEvent):
    event_type: Literal["ServiceLinkReminderDue"] = "ServiceLinkReminderDue"
    schema_version: Literal[1] = 1
    payload: ServiceLinkReminderDuePayload


class ServiceLinkAttendedPayload(LinkPayload):
    attended_on: date
    completed: bool = Field(
        default=False,
        description="The person finished what they were linked to; the link ends and its "
        "place is given back",
    )


class ServiceLinkAttended(DirectoryEvent):
    event_type: Literal["ServiceLinkAttended"] = "ServiceLinkAttended"
    schema_version: Literal[1] = 1
    payload: ServiceLinkAttendedPayload


class UnmetNeedRecordedPayload(Payload):
    """Demand no service met. Deliberately carries no personal identifiers."""

    need_domain: NeedDomain
    area: str = Field(description="Postcode district, e.g. LS6")
    age_band: str | None = Field(default=None, description="e.g. 18-24, 65+")
    taxonomy_term_id: str | None = None
    search_text: str | None = None


class UnmetNeedRecorded(DirectoryEvent):
    event_type: Literal["UnmetNeedRecorded"] = "UnmetNeedRecorded"
    schema_version: Literal[1] = 1
    payload: UnmetNeedRecordedPayload
