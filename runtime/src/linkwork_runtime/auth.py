"""Bearer-JWT authentication with roles, for every HTTP route except health.

A caller is `sub` (who), `roles` (what they may do, Linkwork's names), and optionally
`team_id` (a manager's or link worker's team), `ods_code` (a practice), `organization_id`
(a provider's or an agency's organisation) and `pcn_code` / `icb_code` (a commissioner's
area). Tokens come from the identity provider (AUTH_ISSUER), which may keep these under other
claim names and role names (see `tokens.ClaimNames`); in development they are signed with
AUTH_JWT_SECRET by `issue_token`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

import jwt
import structlog
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from linkwork_runtime import audit
from linkwork_runtime.access import declares
from linkwork_runtime.tokens import (
    ClaimNames,
    IssuerUnavailable,
    TokenRefused,
    Tokens,
    tokens_for,
)

log = structlog.get_logger(__name__)


class Role(StrEnum):
    LINK_WORKER = "link_worker"
    MANAGER = "manager"
    PRACTICE = "practice"
    PROVIDER = "provider"
    DIRECTORY_MANAGER = "directory_manager"
    OPS = "ops"
    INTEGRATION = "integration"
    INFORMATION_GOVERNANCE = "information_governance"
    AGENCY = "agency"  # a council team, charity, housing or job centre referring people
    # Reads anonymous reports of the practices of its PCN or ICB (insights).
    COMMISSIONER = "commissioner"


class Principal(BaseModel):
    """The authenticated caller."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    sub: str = Field(min_length=1)
    roles: frozenset[str] = frozenset()
    team_id: str | None = None
    ods_code: str | None = None
    organization_id: str | None = None
    pcn_code: str | None = None  # a commissioner's primary care network
    icb_code: str | None = None  # a commissioner's integrated care board
    expires_at: datetime | None = Field(default=None, validation_alias="exp")

    def has(self, role: Role | str) -> bool:
        return str(role) in self.roles


_bearer = HTTPBearer(auto_error=False, description="JWT signed by the identity provider")


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED,
        detail={"error": "unauthorised", "message": detail},
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def tokens_of(app: Any) -> Tokens:
    """The app's token verifier (made from its settings the first time it is asked for)."""
    tokens: Tokens | None = getattr(app.state, "tokens", None)
    if tokens is None:
        tokens = app.state.tokens = tokens_for(app.state.settings)
    return tokens


def claim_names_of(app: Any) -> ClaimNames:
    names: ClaimNames | None = getattr(app.state, "claim_names", None)
    if names is None:
        names = app.state.claim_names = ClaimNames.of(app.state.settings)
    return names


async def verified_principal(token: str, tokens: Tokens, names: ClaimNames) -> Principal:
    """The caller a token names: verified, then read through the issuer's claim names;
    `TokenRefused` saying what is wrong, or `IssuerUnavailable`."""
    claims = await tokens.claims(token)
    try:
        return Principal.model_validate(names.principal_claims(claims))
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(part) for part in error["loc"])
        raise TokenRefused(
            f"the bearer token's claims are not valid: {where}: {error['msg']}"
        ) from None


async def principal_of(token: str, tokens: Tokens, names: ClaimNames) -> Principal:
    """`verified_principal`, answered as HTTP: 401 for a refused token, 503 when the identity
    provider cannot be asked."""
    try:
        return await verified_principal(token, tokens, names)
    except TokenRefused as refused:
        raise _unauthorised(str(refused)) from None
    except IssuerUnavailable as unavailable:
        log.warning("auth.issuer_unavailable", reason=str(unavailable))
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail={
                "error": "identity_provider_unavailable",
                "message": "the identity provider's keys could not be fetched; try again shortly",
            },
            headers={"Retry-After": "5"},
        ) from None


async def authenticate(
    token: str | None,
    request: Request,
    *,
    how: str = "this endpoint needs an 'Authorization: Bearer <token>' header",
) -> Principal:
    """The caller a bearer token names; 401 saying `how` to send one when there is none, or
    what is wrong with it. The request is audited either way (see `audit`)."""
    route = request.scope.get("route")
    audit.authenticating(str(getattr(route, "path", request.url.path)), request.path_params)
    if not token:
        raise _unauthorised(how)
    principal = await principal_of(token, tokens_of(request.app), claim_names_of(request.app))
    audit.caller(principal)
    return principal


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
    return await authenticate(token, request)


def require_roles(*roles: Role | str) -> Callable[..., Coroutine[Any, Any, Principal]]:
    """Dependency: the caller must hold at least one of `roles` (declared for the access
    matrix)."""

    @declares(*roles)
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
