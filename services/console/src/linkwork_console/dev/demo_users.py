"""The demo users of `make up`, one of each kind of person who works in Linkwork, for the
development sign-in page (AUTH_MODE=development). Their teams, practices and organisation
are the demo data's: team leeds-north, practice B86001, Leeds Walking for Health."""

from __future__ import annotations

from linkwork_console.domain.identity import DemoUser, Identity

TEAM = "leeds-north"
# The demo directory's "Leeds Walking for Health" (its stable ORUK id).
WALKING_FOR_HEALTH = "0691931c-7360-5a0c-8fb5-6ace897b437b"


def _user(sub: str, name: str, role: str, description: str, **claims: str) -> DemoUser:
    return DemoUser(Identity(sub=sub, name=name, roles=frozenset({role}), **claims), description)


DEMO_USERS = [
    _user("lw-amina", "Amina Shah", "link_worker", "Link worker, Leeds North", team_id=TEAM),
    _user("lw-brian", "Brian Walker", "link_worker", "Link worker, Leeds North", team_id=TEAM),
    _user("lw-chloe", "Chloe Okafor", "link_worker", "Link worker, Leeds North", team_id=TEAM),
    _user("mgr-leeds", "Leeds North manager", "manager", "Team manager", team_id=TEAM),
    _user(
        "burley-reception",
        "Burley Park Medical Centre",
        "practice",
        "GP practice B86001",
        ods_code="B86001",
    ),
    _user(
        "walks-coordinator",
        "Leeds Walking for Health",
        "provider",
        "Provider of health walks",
        organization_id=WALKING_FOR_HEALTH,
    ),
    _user("ops-1", "Ops on call", "ops", "Operations"),
    # The link worker `linkwork-dev bench-console` fills a caseload for (a team of its own).
    _user(
        "lw-bench", "Bench link worker", "link_worker", "For the console benchmark", team_id="bench"
    ),
]
