"""From a notification intent and its recipients to the deliveries to make: one per
(recipient, channel) the recipient accepts, with its address, and not before quiet hours end
when it goes to the person referred (unless it is urgent: at once, whatever the hour). A
reminder of something booked is due the reminder lead before it starts, and is withheld if it
could only go out at or after that. A delivery that cannot be made says why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from linkwork_notifications.domain.notification import (
    AudienceKind,
    Channel,
    NotificationIntent,
    Recipient,
    inbox_id,
)
from linkwork_notifications.domain.quiet_hours import QuietHours


@dataclass(frozen=True)
class PlannedDelivery:
    recipient_id: str
    channel: Channel
    address: str | None
    not_before: datetime
    quiet_hours: bool
    problem: str | None = None  # why it can never be sent, e.g. no address on record
    send_before: datetime | None = None  # a reminder is useless from then on
    withheld: str | None = None  # why it must not be sent at all, e.g. too late to be of use
    urgent: bool = False  # a safety alert: sent at once, whatever the hour


TOO_LATE = "too late: it could only go out at or after the appointment it reminds of"


def plan_deliveries(
    intent: NotificationIntent,
    recipients: Sequence[Recipient],
    now: datetime,
    quiet: QuietHours,
    lead: timedelta = timedelta(0),
) -> list[PlannedDelivery]:
    """`lead`: how long before the start of what it reminds of a reminder is due."""
    ahead_of = intent.remind_ahead_of
    due = now if ahead_of is None else max(now, ahead_of - lead)
    planned = []
    for recipient in recipients:
        for channel in intent.channels:
            if channel not in recipient.accepts:
                continue  # the recipient's preference: not by this channel
            address = recipient.address(channel)
            problem = None
            if channel != Channel.IN_APP and not address:
                problem = f"no {channel.value} address on record for {recipient.recipient_id}"
            quiet_applies = recipient.is_person and not intent.urgent
            allowed = earliest_send(due, quiet if quiet_applies else None, ahead_of)
            planned.append(
                PlannedDelivery(
                    recipient_id=recipient.recipient_id,
                    channel=channel,
                    address=address,
                    not_before=allowed or due,
                    quiet_hours=quiet_applies,
                    problem=problem,
                    send_before=ahead_of,
                    withheld=None if allowed else TOO_LATE,
                    urgent=intent.urgent,
                )
            )
    return planned


def earliest_send(
    due: datetime, quiet: QuietHours | None, send_before: datetime | None
) -> datetime | None:
    """When a delivery due at `due` may go out: then, or when quiet hours end (if they apply);
    None when that is too late, at or after `send_before`. Planning and sending both ask."""
    allowed = quiet.next_allowed(due) if quiet else due
    return None if send_before is not None and allowed >= send_before else allowed


def team_recipients(team_id: str, managers: Sequence[Recipient]) -> list[Recipient]:
    """A team's managers share one in-app inbox; each registered manager gets the email.

    With no manager on record the team inbox itself "wants" the email, so the missing address
    shows up as a failed delivery that ops can see, instead of nobody being told quietly.
    """
    inbox = inbox_id(AudienceKind.TEAM_MANAGERS, team_id)
    if not managers:
        return [Recipient(inbox, accepts=frozenset({Channel.IN_APP, Channel.EMAIL}))]
    personal = [replace(m, accepts=m.accepts - {Channel.IN_APP}) for m in managers]
    return [Recipient(inbox, accepts=frozenset({Channel.IN_APP})), *personal]


def each_manager(team_id: str, managers: Sequence[Recipient]) -> list[Recipient]:
    """An alert for every manager of a team: the shared inbox, and each manager in their own
    inbox and by e-mail (as `team_recipients` when none is on record, so it shows as failed)."""
    if not managers:
        return team_recipients(team_id, managers)
    inbox = inbox_id(AudienceKind.TEAM_MANAGERS, team_id)
    return [Recipient(inbox, accepts=frozenset({Channel.IN_APP})), *managers]
