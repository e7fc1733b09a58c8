"""FastAPI dependencies the referral service's routes share."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from linkwork_referral.settings import Settings
from linkwork_runtime.service import Runtime, get_runtime


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(settings_of)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
