"""From a notification intent and its recipients to the deliveries to make: one per
(recipient, channel) the recipient accepts, with its address, and not before quiet hours end
when it goes to the person referred. A delivery that cannot be made says why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

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


def plan_deliveries(
    intent: NotificationIntent,
    recipients: Sequence[Recipient],
    now: datetime,
    quiet: QuietHours,
) -> list[PlannedDelivery]:
    planned = []
    for recipient in recipients:
        for channel in intent.channels:
            if channel not in recipient.accepts:
                continue  # the recipient's preference: not by this channel
            address = recipient.address(channel)
            problem = None
            if channel != Channel.IN_APP and not address:
                problem = f"no {channel.value} address on record for {recipient.recipient_id}"
            planned.append(
                PlannedDelivery(
                    recipient_id=recipient.recipient_id,
                    channel=channel,
                    address=address,
                    not_before=quiet.next_allowed(now) if recipient.is_person else now,
                    quiet_hours=recipient.is_person,
                    problem=problem,
                )
            )
    return planned


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
