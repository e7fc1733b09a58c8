"""Contract events as their producers publish them, for tests: one referral's story, its
journey and its links, with ids shared by its events, and a way to put them on their topics.

    story = Story()                       # lw-amina of leeds-north, fresh ids
    await publish_events(settings, story.received(), story.assigned(), story.accepted())
    closed = story.journey_closed(reason="moved_away")

Every builder takes payload fields as keywords, overriding its defaults, so a test names only
what it is about. Events of one story share a correlation id (each is caused by the first)
unless `correlated=False`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from linkwork_devstack.testing import publish
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import Event
from linkwork_schemas.common import Person, ReferralReason, ReferralRoute, Referrer, Urgency
from linkwork_schemas.journey import (
    JourneyClosed,
    JourneyReassigned,
    JourneyStarted,
    JourneySummary,
)
from linkwork_schemas.referral import (
    ReferralAccepted,
    ReferralAssigned,
    ReferralReceived,
)

E = TypeVar("E", bound=Event)
PRODUCERS = {
    "referral.events": "referral",
    "journey.events": "journey",
    "directory.events": "directory",
    "notification.events": "notifications",
}
AMINA = {"given_name": "Amina", "family_name": "Shah", "nhs_number": "9434765919"}
REASON = ReferralReason(text="Lives alone since bereavement")
REFERRER = Referrer(ods_code="B86001", organisation_name="Burley Park Medical Centre")


def short_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def event(cls: type[E], aggregate_id: str, *, caused_by: Event | None = None, **payload: Any) -> E:
    """Any event of the catalogue, its payload from keywords, as its producer would build it."""
    payload_cls = cls.model_fields["payload"].annotation
    assert payload_cls is not None
    return cls.build(
        aggregate_id=aggregate_id,
        payload=payload_cls(**payload),
        producer=PRODUCERS.get(cls.TOPIC, "directory"),
        caused_by=caused_by,
    )


class Story:
    """One referral's events: received, assigned, accepted, its journey started, reassigned,
    closed, and the links of the journey to services."""

    def __init__(
        self,
        link_worker: str = "lw-amina",
        team: str | None = "leeds-north",
        *,
        referral_id: str | None = None,
        journey_id: str | None = None,
        link_id: str | None = None,
        correlated: bool = True,
    ) -> None:
        self.referral_id = referral_id or short_id("ref")
        self.journey_id = journey_id or short_id("jny")
        self.link_id = link_id or short_id("lnk")
        self.link_worker = link_worker
        self.team = team
        self._correlated = correlated
        self.first: Event | None = None

    def build(self, cls: type[E], aggregate_id: str | None = None, **payload: Any) -> E:
        """An event of this story (caused by its first event, so one correlation id)."""
        built = event(
            cls,
            aggregate_id or self.referral_id,
            caused_by=self.first if self._correlated else None,
            **payload,
        )
        self.first = self.first or built
        return built

    def received(self, *, person: dict[str, Any] | None = None, **fields: Any) -> ReferralReceived:
        defaults: dict[str, Any] = {
            "referral_id": self.referral_id,
            "source_system": "EMIS",
            "source_referral_id": f"src-{self.referral_id}",
            "route": ReferralRoute.GP,
            "urgency": Urgency.ROUTINE,
            "referrer": REFERRER,
            "person": Person(**(AMINA | (person or {}))),
            "reasons": [REASON],
            "received_at": datetime.now(UTC),
        }
        return self.build(ReferralReceived, **(defaults | fields))

    def assigned(self, **fields: Any) -> ReferralAssigned:
        defaults: dict[str, Any] = {
            "referral_id": self.referral_id,
            "link_worker_id": self.link_worker,
            "team_id": self.team,
            "assigned_by": "system",
            "first_contact_due": date(2026, 12, 1),
        }
        return self.build(ReferralAssigned, **(defaults | fields))

    def reassigned(self, to: str, team: str | None, **fields: Any) -> ReferralAssigned:
        """The referral given to another link worker (by a manager)."""
        moved = self.assigned(
            **(
                {
                    "link_worker_id": to,
                    "team_id": team,
                    "assigned_by": "mgr-leeds",
                    "reassigned_from": self.link_worker,
                    "first_contact_due": None,
                }
                | fields
            )
        )
        self.link_worker, self.team = to, team
        return moved

    def accepted(self, *, person: dict[str, Any] | None = None, **fields: Any) -> ReferralAccepted:
        defaults: dict[str, Any] = {
            "referral_id": self.referral_id,
            "link_worker_id": self.link_worker,
            "team_id": self.team,
            "person": Person(**(AMINA | (person or {}))),
            "referrer": REFERRER,
            "reasons": [REASON],
            "urgency": Urgency.ROUTINE,
            "accepted_at": datetime.now(UTC),
        }
        return self.build(ReferralAccepted, **(defaults | fields))

    def journey_started(self, **fields: Any) -> JourneyStarted:
        defaults: dict[str, Any] = {
            "journey_id": self.journey_id,
            "referral_id": self.referral_id,
            "link_worker_id": self.link_worker,
            "team_id": self.team,
            "person": Person(given_name=AMINA["given_name"], family_name=AMINA["family_name"]),
            "reasons": [REASON],
            "started_at": datetime.now(UTC),
        }
        return self.build(JourneyStarted, self.journey_id, **(defaults | fields))

    def journey_reassigned(self, to: str, team: str | None, **fields: Any) -> JourneyReassigned:
        defaults: dict[str, Any] = {
            "journey_id": self.journey_id,
            "referral_id": self.referral_id,
            "link_worker_id": to,
            "team_id": team,
            "reassigned_from": self.link_worker,
            "reassigned_by": "mgr-leeds",
        }
        self.link_worker, self.team = to, team
        return self.build(JourneyReassigned, self.journey_id, **(defaults | fields))

    def journey_closed(self, **fields: Any) -> JourneyClosed:
        defaults: dict[str, Any] = {
            "journey_id": self.journey_id,
            "referral_id": self.referral_id,
            "link_worker_id": self.link_worker,
            "reason": "goals_met",
            "summary": JourneySummary(),
            "closed_by": self.link_worker,
        }
        return self.build(JourneyClosed, self.journey_id, **(defaults | fields))

    def link(self, cls: type[E], link_id: str | None = None, **fields: Any) -> E:
        """An event of a link of this journey to a service (ServiceLinked, ...Accepted...)."""
        defaults: dict[str, Any] = {
            "link_id": link_id or self.link_id,
            "journey_id": self.journey_id,
            "service_id": "svc-walking",
            "link_worker_id": self.link_worker,
        }
        merged = defaults | fields
        return self.build(cls, merged["link_id"], **merged)


async def publish_events(settings: ServiceSettings, *events: Event) -> None:
    """Put events on their topics as their producers' outbox relays do: keyed by aggregate,
    with the envelope's headers, in the order given (one key: one partition, in order)."""
    for item in events:
        await publish(
            settings.kafka_bootstrap_servers,
            settings.topic(item.TOPIC),
            item.to_bytes(),
            key=item.aggregate_id.encode(),
            headers=item.headers(),
        )
