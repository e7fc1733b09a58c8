"""The console's pages and fragments, one module per area of work, and `/live`."""

from linkwork_console.api import (
    care_record,
    caseload,
    health,
    journeys,
    live,
    notifications,
    oidc,
    ops,
    people,
    practice,
    provider,
    referrals,
    sign_in,
    support,
    team,
)

ROUTERS = [
    health.router,
    sign_in.router,
    oidc.router,
    live.router,
    caseload.router,
    referrals.router,
    people.router,
    journeys.router,
    care_record.router,
    support.router,
    team.router,
    provider.router,
    practice.router,
    notifications.router,
    ops.router,
]
