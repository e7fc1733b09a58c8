"""What the journey routes share: settings, the store and who may call them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from linkwork_journey.settings import Settings
from linkwork_journey.store import Store
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.http import get_settings, get_store

SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
# Journeys are worked on by link workers and their managers, and read by them and by
# information governance (organisation-wide, read only: no route that changes one admits it).
Worker = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
Reader = Annotated[
    Principal,
    Depends(require_roles(Role.LINK_WORKER, Role.MANAGER, Role.INFORMATION_GOVERNANCE)),
]
# Whose journeys a route reaches (domain/access.py): a link worker their caseload, a manager
# their team's (another's are not found, or left out of a list); information governance every
# team's, on the routes that admit it.
JOURNEYS = {
    "link_worker": Party.CASELOAD,
    "manager": Party.TEAM,
    "information_governance": Party.EVERY,
}
OneJourney = confined(Refused.NOT_FOUND, **JOURNEYS)
JourneyList = confined(Refused.LEFT_OUT, **JOURNEYS)
