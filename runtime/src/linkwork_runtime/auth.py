"""Bearer-JWT authentication with roles, for every HTTP route except health.

Claims: `sub` (who), `roles` (what they may do), optional `team_id` (a manager's or link
worker's team) and `ods_code` (a practice). Development signs HS256 with AUTH_JWT_SECRET.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import jwt
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkwork_runtime.settings import ServiceSettings


class Role(StrEnum):
    LINK_WORKER = "link_worker"
    MANAGER = "manager"
    PRACTICE = "practice"
    PROVIDER = "provider"
    DIRECTORY_MANAGER = "directory_manager"
    OPS = "ops"
    INTEGRATION = "integration"


class Principal(BaseModel):
    """The authenticated caller."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sub: str = Field(min_length=1)
    roles: frozenset[str] = frozenset()
    team_id: str | None = None
    ods_code: str | None = None
    organization_id: str | None = None
    expires_at: datetime | None = Field(default=None, validation_alias="exp")

    def has(self, role: Role | str) -> bool:
        return str(role) in self.roles


_bearer = HTTPBearer(auto_error=False, description="JWT signed by the Linkwork issuer")


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail={"error": "unauthorised", "message": detail},
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def decode_token(token: str, settings: ServiceSettings) -> Principal:
    try:
        claims = jwt.decode(
            token,
            settings.auth_jwt_secret,
            algorithms=[settings.auth_jwt_algorithm],
            options={"require": ["sub", "exp"]},
        )
    except jwt.ExpiredSignatureError:
        raise _unauthorised("the bearer token has expired") from None
    except jwt.InvalidSignatureError:
        raise _unauthorised("the bearer token's signature is not valid") from None
    except jwt.MissingRequiredClaimError as exc:
        raise _unauthorised(f"the bearer token lacks the {exc.claim!r} claim") from None
    except jwt.InvalidTokenError as exc:
        raise _unauthorised(f"the bearer token is not valid: {exc}") from None
    try:
        return Principal.model_validate(claims)
    except ValidationError as exc:
        raise _unauthorised(
            f"the bearer token's claims are not valid: {exc.errors()[0]['msg']}"
        ) from None


def authenticate(
    token: str | None,
    settings: ServiceSettings,
    *,
    how: str = "this endpoint needs an 'Authorization: Bearer <token>' header",
) -> Principal:
    """The caller a bearer token names; 401 saying `how` to send one when there is none, or
    what is wrong with it."""
    if not token:
        raise _unauthorised(how)
    return decode_token(token, settings)


def authorise(
    principal: Principal, roles: Iterable[Role | str], *, what: str = "this action"
) -> Principal:
    """The principal, if they hold one of `roles` (any, when none are named); else 403
    saying that `what` needs them."""
    wanted = {str(role) for role in roles}
    if wanted and not wanted & principal.roles:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail={
                "error": "forbidden",
                "message": f"{what} needs one of the roles {sorted(wanted)}; "
                f"the token has {sorted(principal.roles)}",
            },
        )
    return principal


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    bearer = credentials is not None and credentials.scheme.lower() == "bearer"
    token = credentials.credentials if credentials is not None and bearer else None
    return authenticate(token, request.app.state.settings)


def require_roles(*roles: Role | str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """Dependency: the caller must hold at least one of `roles`."""

    async def dependency(
        principal: Annotated[Principal, Depends(current_principal)],
    ) -> Principal:
        return authorise(principal, roles)

    return dependency


def issue_token(
    secret: str,
    sub: str,
    roles: list[str],
    *,
    ttl: timedelta = timedelta(hours=8),
    algorithm: str = "HS256",
    claims: Mapping[str, str] | None = None,
) -> str:
    """Sign a token (development, tests and the demo; production tokens come from the IdP)."""
    now = datetime.now(UTC)
    body: dict[str, Any] = {"sub": sub, "roles": roles, "iat": now, "exp": now + ttl}
    body.update(claims or {})
    return jwt.encode(body, secret, algorithm=algorithm)
