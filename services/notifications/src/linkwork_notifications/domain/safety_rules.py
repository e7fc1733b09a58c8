"""Rules for the safety alerts, all urgent (at once, whatever the hour): a safeguarding concern
goes to the team's safeguarding leads and its managers, and, left unacknowledged, to every
manager of the team (one on a journey of no team: to every team's leads and managers, and
then every manager); told once per concern, however often it is raised again. A lone worker
overdue from a visit goes to every manager of the team, and so does their late check-out
(safe). Ids and times only: what the concern is, and where the visit was, stay on the
journey, for those who may read it there."""

from __future__ import annotations

from linkwork_notifications.domain.case import CaseView
from linkwork_notifications.domain.intents import (
    EACH_MANAGER,
    EVERY_LEAD,
    EVERY_MANAGER,
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


def concern_raised(event: SafeguardingConcernRaised, case: CaseView) -> list[NotificationIntent]:
    """Once per concern: raised again (a replay, a second publication) it tells nobody."""
    if case.concern_known:
        return []
    p = event.payload
    facts = {"journey_id": p.journey_id, "concern_id": p.concern_id, "raised_at": p.raised_at}
    if not p.team_id:
        # No team's leads answer for it yet, and a shared `team:unassigned` inbox is read by
        # nobody: every team's leads and managers are told, each in their own inbox, and any
        # of them may acknowledge it. Not a configured group: one left unset would reach
        # nobody again, and those told are the people who already act on concerns.
        return [
            urgently(EVERY_LEAD, "", "safeguarding_concern_raised", **facts),
            urgently(EVERY_MANAGER, "", "safeguarding_concern_raised", **facts),
        ]
    return [
        urgently(LEADS, p.team_id, "safeguarding_concern_raised", **facts),
        urgently(TEAM, p.team_id, "safeguarding_concern_raised", **facts),
    ]


def concern_escalated(event: SafeguardingConcernEscalated, _: CaseView) -> list[NotificationIntent]:
    p = event.payload
    facts = {"journey_id": p.journey_id, "concern_id": p.concern_id, "raised_at": p.raised_at}
    if not p.team_id:  # of no team: every manager of every team, as it was raised to them
        return [urgently(EVERY_MANAGER, "", "safeguarding_concern_escalated", **facts)]
    return [urgently(EACH_MANAGER, p.team_id, "safeguarding_concern_escalated", **facts)]


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
