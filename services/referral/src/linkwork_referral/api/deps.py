"""What the referral service's routes share: its settings and store, and who may call which
route (the runtime, paging: `linkwork_runtime.http`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from linkwork_referral.settings import Settings
from linkwork_referral.store import Store
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.http import get_settings, get_store

SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]


# Who may call: each route names the people it serves. Information governance reads
# (organisation-wide, read only: no route that changes a referral admits it).
Reader = Annotated[
    Principal,
    Depends(
        require_roles(
            Role.MANAGER,
            Role.LINK_WORKER,
            Role.PRACTICE,
            Role.AGENCY,
            Role.INFORMATION_GOVERNANCE,
        )
    ),
]
CaseWorker = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
Withdrawer = Annotated[
    Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER, Role.PRACTICE))
]
Manager = Annotated[Principal, Depends(require_roles(Role.MANAGER))]
Submitter = Annotated[
    Principal,
    Depends(require_roles(Role.INTEGRATION, Role.PRACTICE, Role.MANAGER, Role.LINK_WORKER)),
]
# The JSON door takes agencies' referrals too (their organisation from the token).
JsonSubmitter = Annotated[
    Principal,
    Depends(
        require_roles(Role.INTEGRATION, Role.PRACTICE, Role.MANAGER, Role.LINK_WORKER, Role.AGENCY)
    ),
]
Reviewer = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.OPS, Role.INTEGRATION))]

# Whose records a route reaches (domain/access.py, domain/link_workers.py): a manager their
# team's, a link worker their caseload (their own record), a practice the referrals it made,
# an agency those it made (its organisation); information governance every team's, on the
# routes that admit it (reads).
REFERRALS = {
    "manager": Party.TEAM,
    "link_worker": Party.CASELOAD,
    "practice": Party.PRACTICE,
    "agency": Party.ORGANISATION,
    "information_governance": Party.EVERY,
}
CASE_WORK = {"manager": Party.TEAM, "link_worker": Party.CASELOAD, "practice": Party.PRACTICE}
LINK_WORKERS = {"manager": Party.TEAM, "link_worker": Party.SELF}
OneReferral = confined(Refused.NOT_FOUND, **REFERRALS)
# Steps on a referral: the agency that made it reads it, and takes none of them.
StepOnReferral = confined(Refused.NOT_FOUND, **CASE_WORK)
OneLinkWorker = confined(Refused.NOT_FOUND, **LINK_WORKERS)
