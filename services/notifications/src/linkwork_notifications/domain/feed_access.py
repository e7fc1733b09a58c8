"""Who sees what in the live feed and the in-app inbox.

A user reads the inboxes that are theirs (their own; their team's as a manager; their
practice's or provider organisation's) and the updates of the cases they may see: a link
worker their caseload, a manager their team's (every team's without a team claim). Ops see
the envelope of every event, never a payload.
"""

from __future__ import annotations

from dataclasses import dataclass

from linkwork_notifications.domain.notification import AudienceKind, inbox_id
from linkwork_runtime.caller import LINK_WORKER, MANAGER, PRACTICE, PROVIDER
from linkwork_runtime.caller import Caller as Principal

OPS = "ops"


@dataclass(frozen=True)
class FeedAccess:
    inboxes: frozenset[str]
    every_team_inbox: bool = False  # a manager without a team claim
    caseload_of: str | None = None  # link worker id
    team: str | None = None  # manager's team
    every_case: bool = False  # a manager without a team claim
    envelopes: bool = False  # ops


def inboxes_of(principal: Principal) -> frozenset[str]:
    ids = {principal.sub}
    if principal.has(MANAGER) and principal.team_id:
        ids.add(inbox_id(AudienceKind.TEAM_MANAGERS, principal.team_id))
    if principal.has(PRACTICE) and principal.ods_code:
        ids.add(inbox_id(AudienceKind.PRACTICE, principal.ods_code.upper()))
    if principal.has(PROVIDER) and principal.organization_id:
        ids.add(inbox_id(AudienceKind.PROVIDER, principal.organization_id))
    return frozenset(ids)


def feed_access(principal: Principal) -> FeedAccess:
    manager = principal.has(MANAGER)
    return FeedAccess(
        inboxes=inboxes_of(principal),
        every_team_inbox=manager and not principal.team_id,
        caseload_of=principal.sub if principal.has(LINK_WORKER) else None,
        team=principal.team_id if manager else None,
        every_case=manager and not principal.team_id,
        envelopes=principal.has(OPS),
    )
