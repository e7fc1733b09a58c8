"""FastAPI dependencies the directory's routes share: runtime, settings, callers, paging."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request

from linkwork_directory.domain.paging import MAX_PER_PAGE, PageRequest
from linkwork_directory.settings import Settings
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.service import Runtime, get_runtime


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def paging(
    page: Annotated[int, Query(ge=1, description="Page number, from 1")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page")] = 50,
) -> PageRequest:
    return PageRequest(page, per_page)


SettingsDep = Annotated[Settings, Depends(settings_of)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Paging = Annotated[PageRequest, Depends(paging)]
DirectoryManager = Annotated[Principal, Depends(require_roles(Role.DIRECTORY_MANAGER))]
LinkWorker = Annotated[Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER))]
Provider = Annotated[Principal, Depends(require_roles(Role.PROVIDER))]
LinkParty = Annotated[
    Principal, Depends(require_roles(Role.LINK_WORKER, Role.MANAGER, Role.PROVIDER))
]
Commissioner = Annotated[
    Principal, Depends(require_roles(Role.MANAGER, Role.DIRECTORY_MANAGER, Role.OPS))
]
