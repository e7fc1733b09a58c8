"""Recipients: an audience resolved to recipients with their addresses and preferences (the
service's own recipient store first, then what the event carried, e.g. a provider's e-mail);
and a recipient's details and channel preferences kept by a manager or ops.

A team's safeguarding leads are staff recipients marked `safeguarding_lead`, kept like the rest.

Ids: a link worker's or manager's user id (their token's `sub`); `practice:<ODS code>` for a
practice's mailbox; `provider:<organisation id>` for a provider's.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.delivery_plan import each_manager, team_recipients
from linkwork_notifications.domain.feed_items import inbox_kind
from linkwork_notifications.domain.keepers import may_rewrite
from linkwork_notifications.domain.notification import (
    STAFF_CHANNELS,
    Audience,
    AudienceKind,
    Channel,
    Recipient,
    inbox_id,
)
from linkwork_notifications.store import Tx
from linkwork_runtime.caller import Caller, team_of
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import NotPermitted, Unprocessable


class RecipientDetails(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, pattern=r"^\+?[0-9][0-9 ]{6,19}$")
    role: Literal["link_worker", "manager"] | None = Field(
        default=None, description="Staff only: a manager hears of their team's referrals"
    )
    team_id: str | None = Field(default=None, description="Staff only: their team")
    channels: list[Channel] = Field(
        default=list(STAFF_CHANNELS), description="Channels the recipient accepts"
    )
    safeguarding_lead: bool = Field(
        default=False,
        description="Staff only: a designated safeguarding lead of their team, told of every "
        "safeguarding concern in it at once, and who may acknowledge it",
    )


async def keep(tx: Tx, recipient_id: str, details: RecipientDetails, keeper: Caller) -> Document:
    """Record a recipient's details (all of them, replacing what was kept) as `keeper`."""
    kind = inbox_kind(recipient_id)
    if kind != "user" and (details.role or details.team_id):
        raise Unprocessable("role and team_id are for staff, not " + kind)
    if kind != "user" and details.safeguarding_lead:
        raise Unprocessable("safeguarding leads are staff, not " + kind, where="safeguarding_lead")
    if details.safeguarding_lead and not details.team_id:
        raise Unprocessable("a safeguarding lead leads a team: give its team_id", where="team_id")
    kept = await tx.store.recipients.get(recipient_id)
    if not may_rewrite(keeper, kind, kept, details.team_id):
        team = team_of(keeper)
        raise NotPermitted(
            f"you keep the details of team {team}'s staff only"
            if team
            else "keeping staff's details needs a manager's team_id claim",
            where="team_id",
        )
    document = {"_id": recipient_id, **details.model_dump(mode="json")} | {
        "kind": kind,
        "updated_by": keeper.sub,
        "updated_at": tx.now,
    }
    await tx.store.recipients.put(document)
    return document


async def resolve(tx: Tx, audience: Audience, case: CaseView) -> list[Recipient]:
    recipients = tx.store.recipients
    match audience.kind:
        case AudienceKind.TEAM_MANAGERS:
            return team_recipients(audience.key, await recipients.managers_of(audience.key))
        case AudienceKind.EACH_MANAGER:
            return each_manager(audience.key, await recipients.managers_of(audience.key))
        case AudienceKind.SAFEGUARDING_LEADS:
            return await recipients.leads_of(audience.key)
        case AudienceKind.EVERY_LEAD:
            return await recipients.every_lead()
        case AudienceKind.EVERY_MANAGER:
            return await recipients.every_manager()
        case AudienceKind.PERSON:
            person = case.person
            if person is None:
                return []
            recipient_id = inbox_id(AudienceKind.PERSON, audience.key)
            return [Recipient(recipient_id, person.email, person.phone, is_person=True)]
        case _:
            recipient_id = inbox_id(audience.kind, audience.key)
            return [await recipients.recipient(recipient_id, audience.fallback_email)]
