"""What the service remembers of a referral, its journey and a service link, so that an event
carrying only one id can still be routed: whose caseload, which team, how to reach the person."""

from __future__ import annotations

from dataclasses import dataclass

from linkwork_notifications.domain.person_contact import PersonContact


@dataclass(frozen=True)
class CaseView:
    referral_id: str | None = None
    journey_id: str | None = None
    link_worker_id: str | None = None
    team_id: str | None = None
    person: PersonContact | None = None
    # The purposes the person's consents hold for now; None: none was ever heard of (a
    # referral from before consents by purpose: its `consent_to_contact` decides).
    consented: frozenset[str] | None = None
    service_name: str | None = None  # of the service link the event is about, if any
    # The person has had (or is being sent) a reminder of the appointment the event is about.
    appointment_reminded: bool = False
    # The managers were already alerted that the lone-working visit the event is about is
    # overdue (by another LoneWorkerOverdue of the same appointment).
    lone_worker_alerted: bool = False
    # The safeguarding concern the event raises was raised before (the same concern id
    # redelivered, replayed or published again): its alerts went out then.
    concern_known: bool = False

    @property
    def scope(self) -> dict[str, str | None]:
        """Who may follow this case's updates in the live feed (see feed_access)."""
        return {
            "referral_id": self.referral_id,
            "journey_id": self.journey_id,
            "link_worker_id": self.link_worker_id,
            "team_id": self.team_id,
        }
