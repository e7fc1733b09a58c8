"""FastAPI dependencies the notifications routes share, and the stream's authentication:
the bearer token in the Authorization header, or `?access_token=` for EventSource clients
(browsers' EventSource cannot set headers)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status

from linkwork_notifications.settings import Settings
from linkwork_runtime.auth import Principal, Role, decode_token, require_roles
from linkwork_runtime.service import Runtime, get_runtime

READERS = (Role.LINK_WORKER, Role.MANAGER, Role.PRACTICE, Role.PROVIDER, Role.OPS)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(settings_of)]
RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
Reader = Annotated[Principal, Depends(require_roles(*READERS))]
Ops = Annotated[Principal, Depends(require_roles(Role.OPS))]


def stream_principal(
    request: Request,
    access_token: Annotated[
        str | None, Query(description="The bearer token, for clients that cannot set headers")
    ] = None,
) -> Principal:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    token = credentials if scheme.lower() == "bearer" and credentials else access_token
    if not token:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            {
                "error": "unauthorised",
                "message": "send 'Authorization: Bearer <token>' or ?access_token=<token>",
            },
            headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
        )
    principal = decode_token(token, request.app.state.settings)
    if not {str(role) for role in READERS} & principal.roles:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            {
                "error": "forbidden",
                "message": f"the stream needs one of the roles "
                f"{sorted(str(r) for r in READERS)}; the token has {sorted(principal.roles)}",
            },
        )
    return principal


StreamReader = Annotated[Principal, Depends(stream_principal)]
