"""What the directory's routes share: its settings, store and clock, who may call, paging."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends

from linkwork_directory.settings import Settings
from linkwork_directory.store import Store
from linkwork_runtime.access import Party, Refused, confined
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.http import RuntimeDep, get_settings, get_store, paging
from linkwork_runtime.paging import PageRequest

MAX_PER_PAGE = 500  # ORUK pages: a whole feed's worth in few requests


def clock_reading(rt: RuntimeDep) -> datetime:
    """The service clock's reading for this request (the clock `tx.now` reads too)."""
    return rt.uow.clock()


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
Now = Annotated[datetime, Depends(clock_reading)]
Paging = Annotated[PageRequest, Depends(paging(default=50, maximum=MAX_PER_PAGE))]
Anyone = Annotated[Principal, Depends(require_roles())]
DirectoryManager = Annotated[Principal, Depends(require_roles(Role.DIRECTORY_MANAGER))]
LinkWorker = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
Provider = Annotated[Principal, Depends(require_roles(Role.PROVIDER))]
LinkParty = Annotated[
    Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER, Role.PROVIDER))
]
# Who manages an organization's services (which ones, domain/organizations.py): capacity, lists.
ServiceManager = Annotated[Principal, Depends(require_roles(Role.DIRECTORY_MANAGER, Role.PROVIDER))]
Commissioner = Annotated[
    Principal, Depends(require_roles(Role.MANAGER, Role.DIRECTORY_MANAGER, Role.OPS))
]

# Whose links a route reaches (domain/links.py): a link worker their caseload's, a manager
# their team's, a provider those to its organisation's services.
LINKS = {"link_worker": Party.CASELOAD, "manager": Party.TEAM, "provider": Party.ORGANISATION}
OneLink = confined(Refused.NOT_FOUND, **LINKS)
