"""The referral service's HTTP API: intake (and the public self-referral door), referrals and
caseloads, the lifecycle steps, triage, link workers and teams, one router each (in the order
the app mounts them)."""

from linkwork_referral.api import (
    consents,
    intake,
    lifecycle,
    link_workers,
    referrals,
    self_referrals,
    subject_access,
    teams,
    triage,
)

ROUTERS = [
    intake.router,
    self_referrals.router,
    referrals.router,
    triage.router,
    lifecycle.router,
    consents.router,
    link_workers.router,
    teams.router,
    subject_access.router,
]
