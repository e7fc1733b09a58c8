"""Rules for the safety alerts, all urgent (at once, whatever the hour): a safeguarding concern
goes to the team's safeguarding leads and its managers, and, left unacknowledged, to every
manager of the team; a lone worker overdue from a visit goes to every manager of the team, and
so does their late check-out (safe). Ids and times only: what the concern is, and where the
visit was, stay on the journey, for those who may read it there."""

from __future__ import annotations

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.intents import (
    EACH_MANAGER,
    LEADS,
    TEAM,
    UNASSIGNED_TEAM,
    urgently,
)
from linkwork_notifications.domain.notification import NotificationIntent
from linkwork_schemas.journey import (
    LoneWorkerCheckedOut,
    LoneWorkerOverdue,
    SafeguardingConcernRaised,
)
from linkwork_schemas.notification import SafeguardingConcernEscalated


def concern_raised(event: SafeguardingConcernRaised, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    team = p.team_id or UNASSIGNED_TEAM
    facts = {"journey_id": p.journey_id, "concern_id": p.concern_id, "raised_at": p.raised_at}
    return [
        urgently(LEADS, team, "safeguarding_concern_raised", **facts),
        urgently(TEAM, team, "safeguarding_concern_raised", **facts),
    ]


def concern_escalated(event: SafeguardingConcernEscalated, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    facts = {"journey_id": p.journey_id, "concern_id": p.concern_id, "raised_at": p.raised_at}
    team = p.team_id or UNASSIGNED_TEAM
    return [urgently(EACH_MANAGER, team, "safeguarding_concern_escalated", **facts)]


def lone_worker_overdue(event: LoneWorkerOverdue, case: CaseView) -> list[NotificationIntent]:
    """Once per visit: another alert of the same appointment tells nobody again."""
    if case.lone_worker_alerted:
        return []
    p = event.payload
    return [
        urgently(
            EACH_MANAGER,
            p.team_id or UNASSIGNED_TEAM,
            "lone_worker_overdue",
            journey_id=p.journey_id,
            link_worker_id=p.link_worker_id,
            expected_end=p.expected_end,
        )
    ]


def lone_worker_checked_out(event: LoneWorkerCheckedOut, _: CaseView) -> list[NotificationIntent]:
    """Only a late check-out is news: it ends an alert the managers were given."""
    p = event.payload
    if not p.late:
        return []
    return [
        urgently(
            EACH_MANAGER,
            p.team_id or UNASSIGNED_TEAM,
            "lone_worker_checked_out_late",
            journey_id=p.journey_id,
            link_worker_id=p.link_worker_id,
            checked_out_at=p.checked_out_at,
        )
    ]
