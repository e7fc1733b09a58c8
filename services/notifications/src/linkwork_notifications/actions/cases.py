"""Remember what later events need to be routed: who works on a referral, in which team, its
journey, the person's contact details (until the referral ends) and consents by purpose, each
link's service name,
which event booked each appointment (and so whether its reminder has gone out), and which
alerted the managers that a lone-working visit is overdue."""

from __future__ import annotations

from dataclasses import replace

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.notification import AudienceKind, inbox_id
from linkwork_notifications.domain.person_contact import PersonContact
from linkwork_notifications.store import Tx
from linkwork_schemas import Event
from linkwork_schemas.common import Person
from linkwork_schemas.directory import LinkPayload, ServiceLinked
from linkwork_schemas.journey import (
    ContactCancelled,
    ContactScheduled,
    JourneyReassigned,
    JourneyStarted,
    LoneWorkerCheckedIn,
    LoneWorkerCheckedOut,
    LoneWorkerOverdue,
    SafeguardingConcernRaised,
)
from linkwork_schemas.referral import (
    ConsentRecorded,
    ConsentWithdrawn,
    PersonDetailsCorrected,
    ReferralAccepted,
    ReferralAssigned,
    ReferralAwaitingCapacity,
    ReferralClosed,
    ReferralContactOverdue,
    ReferralDeclined,
    ReferralReceived,
    ReferralUpdated,
    ReferralWithdrawn,
)

ENDINGS = (ReferralClosed, ReferralDeclined, ReferralWithdrawn)
# The journey's safety events name their journey: the alerts they call for lead to it.
SAFETY = (SafeguardingConcernRaised, LoneWorkerCheckedIn, LoneWorkerCheckedOut)


def person_contact(person: Person) -> PersonContact:
    channel = person.preferred_channel
    return PersonContact(
        given_name=person.given_name,
        phone=person.phone,
        email=str(person.email) if person.email else None,
        preferred_channel=str(channel) if channel else None,
        consent_to_contact=person.consent_to_contact,
    )


async def remember(tx: Tx, event: Event) -> CaseView:
    """Update what is known of the event's case and return it (an empty view if none)."""
    cases = tx.store.cases
    noted: CaseView | None = None  # the case as the update left it: no second read
    match event:
        case ReferralReceived(payload=p):
            noted = await cases.note(p.referral_id, person=person_contact(p.person))
        case ReferralAssigned(payload=p) | ReferralContactOverdue(payload=p):
            noted = await cases.note(
                p.referral_id, link_worker_id=p.link_worker_id, team_id=p.team_id
            )
        case ReferralAccepted(payload=p):
            noted = await cases.note(
                p.referral_id,
                link_worker_id=p.link_worker_id,
                team_id=p.team_id,
                person=person_contact(p.person),
            )
        case PersonDetailsCorrected(payload=p) | ReferralUpdated(payload=p):
            # Only on an open referral: its contact is still kept.
            noted = await cases.note(p.referral_id, person=person_contact(p.person))
        case ConsentRecorded(payload=p):
            held = {"expires_at": p.expires_at}
            noted = await cases.note_consent(p.referral_id, p.purpose.value, held)
        case ConsentWithdrawn(payload=p):
            noted = await cases.note_consent(p.referral_id, p.purpose.value, None)
        case ReferralAwaitingCapacity(payload=p):
            noted = await cases.note(p.referral_id, team_id=p.team_id)
        case JourneyStarted(payload=p) | JourneyReassigned(payload=p):
            # The journey's own word on its owner: after its start on journey.events, so a
            # reassignment read first on referral.events is not undone by a late start.
            noted = await cases.note(
                p.referral_id,
                journey_id=p.journey_id,
                link_worker_id=p.link_worker_id,
                team_id=p.team_id,
            )
        case ServiceLinked(payload=p):
            await tx.store.service_links.note(p.link_id, p.journey_id, p.service_name)
        case ContactScheduled(payload=p):
            await tx.store.appointments.note(p.appointment_id, str(event.event_id))
        case LoneWorkerOverdue(payload=p):
            first = await tx.store.appointments.note_overdue(p.appointment_id, str(event.event_id))
            noted = await cases.note(p.referral_id, journey_id=p.journey_id)
            noted = replace(noted, lone_worker_alerted=not first)
        case _ if isinstance(event, SAFETY):
            noted = await cases.note(event.payload.referral_id, journey_id=event.payload.journey_id)
    return noted if noted is not None else await _case_of(tx, event)


async def forget_ended(tx: Tx, event: Event) -> None:
    """Data minimisation: a referral that ended needs no way to reach its person any more."""
    if isinstance(event, ENDINGS):
        await tx.store.cases.forget_person(event.payload.referral_id)


async def _case_of(tx: Tx, event: Event) -> CaseView:
    cases = tx.store.cases
    referral_id = getattr(event.payload, "referral_id", None)
    journey_id = getattr(event.payload, "journey_id", None)
    if isinstance(referral_id, str):
        case = await cases.by_referral(referral_id)
        if isinstance(event, ContactCancelled):
            case = replace(case, appointment_reminded=await _reminded(tx, event))
        return case
    if not isinstance(journey_id, str):
        return CaseView()
    case = await cases.by_journey(journey_id)
    if isinstance(event.payload, LinkPayload):
        link = event.payload
        name = await tx.store.service_links.service_name(link.link_id)
        case = replace(
            case, service_name=name, link_worker_id=case.link_worker_id or link.link_worker_id
        )
    return case


async def _reminded(tx: Tx, cancelled: ContactCancelled) -> bool:
    """Whether the person's reminder of the cancelled appointment has gone out (or is going)."""
    p = cancelled.payload
    booking = await tx.store.appointments.scheduled_event(p.appointment_id)
    person = inbox_id(AudienceKind.PERSON, p.referral_id)
    return booking is not None and await tx.store.deliveries.any_gone_out(booking, person)
