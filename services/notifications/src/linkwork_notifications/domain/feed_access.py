"""Who sees what in the live feed and the in-app inbox.

A user reads the inboxes that are theirs (their own; their team's and the shared triage
inbox as a manager; their practice's or provider organisation's) and the updates of the cases
they may see: a link worker their caseload, a manager their team's (none without a team
claim). Ops see the envelope of every event, never a payload.

User ids and the other inboxes' ids never meet: the others are `<kind>:<key>`, and a user's
own inbox is their token's `sub` only when it has no colon (a token whose `sub` is
`team:leeds-south` reads no inbox of its own, least of all that team's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linkwork_notifications.domain.feed_items import inbox_kind
from linkwork_notifications.domain.intents import TRIAGE
from linkwork_notifications.domain.notification import AudienceKind, inbox_id
from linkwork_runtime.caller import LINK_WORKER, PRACTICE, PROVIDER, team_of
from linkwork_runtime.caller import Caller as Principal

OPS = "ops"


@dataclass(frozen=True)
class FeedAccess:
    inboxes: frozenset[str]
    caseload_of: str | None = None  # link worker id
    team: str | None = None  # manager's team
    envelopes: bool = False  # ops


def inboxes_of(principal: Principal) -> frozenset[str]:
    ids = {principal.sub} if inbox_kind(principal.sub) == "user" else set()
    team = team_of(principal)
    if team:
        ids.add(inbox_id(AudienceKind.TEAM_MANAGERS, team))
        ids.add(inbox_id(AudienceKind.TEAM_MANAGERS, TRIAGE))
    if principal.has(PRACTICE) and principal.ods_code:
        ids.add(inbox_id(AudienceKind.PRACTICE, principal.ods_code.upper()))
    if principal.has(PROVIDER) and principal.organization_id:
        ids.add(inbox_id(AudienceKind.PROVIDER, principal.organization_id))
    return frozenset(ids)


def feed_access(principal: Principal) -> FeedAccess:
    return FeedAccess(
        inboxes=inboxes_of(principal),
        caseload_of=principal.sub if principal.has(LINK_WORKER) else None,
        team=team_of(principal),
        envelopes=principal.has(OPS),
    )


def may_see(access: FeedAccess, item: Mapping[str, Any]) -> bool:
    """Whether the feed item is one `access` receives: a notification in one of its inboxes,
    or an event's update of a case it may see (ops: every event's envelope)."""
    if item.get("kind") == "notification":
        return item.get("recipient_id") in access.inboxes
    if item.get("kind") != "event":
        return False
    if access.envelopes:
        return True
    scope = item.get("scope") or {}
    return (access.team is not None and scope.get("team_id") == access.team) or (
        access.caseload_of is not None and scope.get("link_worker_id") == access.caseload_of
    )
