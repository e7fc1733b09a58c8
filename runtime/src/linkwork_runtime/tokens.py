"""Verifying bearer tokens: an OpenID Connect issuer's signed tokens, or (AUTH_MODE=development
only) tokens signed with the development secret.

- `IssuerTokens`: the issuer's discovery document names its JWKS; PyJWT's `PyJWKClient`
  fetches and caches the keys (AUTH_JWKS_CACHE_SECONDS). A token signed by a key the cache
  does not hold refetches the JWKS once, at most every AUTH_JWKS_REFETCH_SECONDS (a flood of
  tokens naming made-up keys cannot hammer the issuer), so keys rotate without a restart.
  Only the asymmetric algorithms in AUTH_ALGORITHMS verify, each with the algorithm its key
  is published for; `iss`, `aud`, `exp`, `iat` (and `nbf` when present) are checked with
  AUTH_LEEWAY_SECONDS of leeway.
- `DevelopmentTokens`: HS256 with AUTH_JWT_SECRET, as `issue_token` signs them.
- `ClaimNames`: where an issuer puts roles (a dotted path, lists flattened:
  `realm_access.roles`, `nhsid_nrbac_roles.role_code`), how its role names map to
  Linkwork's (AUTH_ROLE_MAP), and its team, practice and organisation claims.

What is wrong with a refused token is said in `TokenRefused`; `IssuerUnavailable` means the
issuer could not be asked (the service answers 503, not 401: the caller did nothing wrong).
"""

from __future__ import annotations

import asyncio
import json
import math
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx
import jwt
from jwt import PyJWK, PyJWKClient
from jwt.exceptions import PyJWKClientConnectionError, PyJWKClientError

from linkwork_runtime.settings import ServiceSettings

LINKWORK_ROLES = frozenset(
    {
        "link_worker",
        "manager",
        "practice",
        "provider",
        "directory_manager",
        "ops",
        "integration",
        "information_governance",
    }
)


class TokenRefused(Exception):
    """The token is not one this service accepts; the message says why (never its claims)."""


class IssuerUnavailable(Exception):
    """The identity provider's discovery document or keys could not be fetched."""


class Tokens(Protocol):
    async def claims(self, token: str) -> dict[str, Any]:
        """The token's verified claims, or `TokenRefused` / `IssuerUnavailable`."""
        ...


@dataclass(frozen=True)
class ClaimNames:
    """Where an issuer's tokens carry what Linkwork needs to know about the caller."""

    roles: str = "roles"
    role_map: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    team: str = "team_id"
    ods_code: str = "ods_code"
    organization: str = "organization_id"
    pcn: str = "pcn_code"
    icb: str = "icb_code"

    @classmethod
    def of(cls, settings: ServiceSettings) -> ClaimNames:
        return cls(
            roles=settings.auth_roles_claim,
            role_map=role_map(settings.auth_role_map),
            team=settings.auth_team_claim,
            ods_code=settings.auth_ods_code_claim,
            organization=settings.auth_organization_claim,
            pcn=settings.auth_pcn_claim,
            icb=settings.auth_icb_claim,
        )

    def principal_claims(self, claims: Mapping[str, Any]) -> dict[str, Any]:
        """The claims a `Principal` is made of, from where this issuer keeps them."""
        named = {
            "sub": claims.get("sub"),
            "roles": self.linkwork_roles(claims),
            "team_id": _at(claims, self.team),
            "ods_code": _at(claims, self.ods_code),
            "organization_id": _at(claims, self.organization),
            "pcn_code": _at(claims, self.pcn),
            "icb_code": _at(claims, self.icb),
            "exp": claims.get("exp"),
        }
        return {key: value for key, value in named.items() if value is not None}

    def linkwork_roles(self, claims: Mapping[str, Any]) -> Any:
        found = _at(claims, self.roles)
        if found is None:
            return []
        if not isinstance(found, list):
            return found  # not a list: the Principal refuses it, saying so
        if not self.role_map:
            return found
        return sorted({role for name in found for role in self.role_map.get(str(name), ())})


def role_map(raw: str) -> dict[str, tuple[str, ...]]:
    """AUTH_ROLE_MAP: a JSON object from the issuer's role names to one Linkwork role or a
    list of them; `ValueError` saying what is wrong (the service refuses to start)."""
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ValueError(f"AUTH_ROLE_MAP is not JSON: {exc.msg} at character {exc.pos}") from None
    if not isinstance(parsed, dict):
        raise ValueError("AUTH_ROLE_MAP must be a JSON object of issuer role -> Linkwork role")
    mapped: dict[str, tuple[str, ...]] = {}
    for name, roles in parsed.items():
        listed = [roles] if isinstance(roles, str) else roles
        if not isinstance(listed, list) or not all(isinstance(r, str) for r in listed):
            raise ValueError(f"AUTH_ROLE_MAP[{name!r}] must be a role name or a list of them")
        unknown = sorted(set(listed) - LINKWORK_ROLES)
        if unknown:
            raise ValueError(
                f"AUTH_ROLE_MAP[{name!r}] names {unknown}, not Linkwork roles "
                f"({', '.join(sorted(LINKWORK_ROLES))})"
            )
        mapped[str(name)] = tuple(listed)
    return mapped


def _at(claims: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path; through a list, every element's value (flattened)."""
    values: list[Any] = [claims]
    through_list = False
    for part in path.split("."):
        step: list[Any] = []
        for value in values:
            if isinstance(value, list):
                through_list = True
                step += [item.get(part) for item in value if isinstance(item, Mapping)]
            elif isinstance(value, Mapping):
                step.append(value.get(part))
        values = [value for value in step if value is not None]
    if through_list:
        return [
            item for value in values for item in (value if isinstance(value, list) else [value])
        ]
    return values[0] if values else None


def refusal(exc: jwt.PyJWTError) -> TokenRefused:
    """What PyJWT found wrong, in words a caller can act on."""
    if isinstance(exc, jwt.ExpiredSignatureError):
        return TokenRefused("the bearer token has expired")
    if isinstance(exc, jwt.ImmatureSignatureError):
        return TokenRefused("the bearer token is not valid yet (nbf or iat is in the future)")
    if isinstance(exc, jwt.InvalidAudienceError):
        return TokenRefused("the bearer token is for another audience (aud)")
    if isinstance(exc, jwt.InvalidIssuerError):
        return TokenRefused("the bearer token was issued by another issuer (iss)")
    if isinstance(exc, jwt.InvalidSignatureError):
        return TokenRefused("the bearer token's signature is not valid")
    if isinstance(exc, jwt.MissingRequiredClaimError):
        return TokenRefused(f"the bearer token lacks the {exc.claim!r} claim")
    if isinstance(exc, jwt.InvalidAlgorithmError):
        return TokenRefused(f"the bearer token's algorithm is not accepted: {exc}")
    return TokenRefused(f"the bearer token is not valid: {exc}")


@dataclass
class DevelopmentTokens:
    """HS256 with the development secret (AUTH_MODE=development only)."""

    secret: str
    algorithm: str = "HS256"

    async def claims(self, token: str) -> dict[str, Any]:
        try:
            decoded: dict[str, Any] = jwt.decode(
                token,
                self.secret,
                algorithms=[self.algorithm],
                options={"require": ["sub", "exp"], "verify_aud": False},
            )
        except jwt.PyJWTError as exc:
            raise refusal(exc) from None
        return decoded


class IssuerTokens:
    """Tokens an OpenID Connect issuer signed, verified with the keys it publishes."""

    def __init__(
        self,
        issuer: str,
        audience: str,
        *,
        algorithms: Sequence[str] = ("RS256", "PS256", "ES256"),
        leeway_seconds: float = 30.0,
        cache_seconds: float = 300.0,
        refetch_seconds: float = 30.0,
        timeout_seconds: float = 5.0,
    ) -> None:
        self.issuer = issuer.rstrip("/")
        self.audience = audience
        self.algorithms = list(algorithms)
        self.leeway = leeway_seconds
        self.cache_seconds = cache_seconds
        self.refetch_seconds = refetch_seconds
        self.timeout = timeout_seconds
        self._jwks: PyJWKClient | None = None
        self._discovered = asyncio.Lock()
        self._keys = threading.Lock()
        self._refetched_at = -math.inf

    async def claims(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise refusal(exc) from None
        algorithm, kid = header.get("alg"), header.get("kid")
        if algorithm not in self.algorithms:
            raise TokenRefused(
                f"the bearer token's algorithm {algorithm!r} is not accepted "
                f"(accepted: {', '.join(self.algorithms)})"
            )
        if not isinstance(kid, str) or not kid:
            raise TokenRefused("the bearer token does not name its signing key (kid)")
        jwks = await self._client()
        key = await asyncio.to_thread(self._key, jwks, kid)
        try:
            decoded: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["sub", "exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise refusal(exc) from None
        return decoded

    async def _client(self) -> PyJWKClient:
        """The JWKS client, once the discovery document has named the keys' address."""
        async with self._discovered:
            if self._jwks is None:
                discovery = await self._discovery()
                if str(discovery.get("issuer", "")).rstrip("/") != self.issuer:
                    raise IssuerUnavailable(
                        "the issuer's discovery document names another issuer "
                        f"({discovery.get('issuer')!r}, expected AUTH_ISSUER={self.issuer!r})"
                    )
                self._jwks = PyJWKClient(
                    str(discovery["jwks_uri"]),
                    cache_keys=False,
                    cache_jwk_set=True,
                    lifespan=max(self.cache_seconds, 1),
                    timeout=math.ceil(self.timeout),
                )
            return self._jwks

    async def _discovery(self) -> dict[str, Any]:
        url = f"{self.issuer}/.well-known/openid-configuration"
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as http:
                answer = await http.get(url)
                answer.raise_for_status()
                document: dict[str, Any] = answer.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise IssuerUnavailable(f"the issuer's discovery document at {url}: {exc}") from None
        if "jwks_uri" not in document:
            raise IssuerUnavailable(f"the issuer's discovery document at {url} has no jwks_uri")
        return document

    def _key(self, jwks: PyJWKClient, kid: str) -> PyJWK:
        """The published key `kid` names (in a thread: PyJWKClient fetches synchronously)."""
        with self._keys:
            key = _match(_signing_keys(jwks, refresh=False), kid)
            if key is not None:
                return key
            if time.monotonic() - self._refetched_at < self.refetch_seconds:
                raise TokenRefused(
                    f"the bearer token's signing key {kid!r} is not one the issuer publishes"
                )
            self._refetched_at = time.monotonic()
            key = _match(_signing_keys(jwks, refresh=True), kid)
            if key is None:
                raise TokenRefused(
                    f"the bearer token's signing key {kid!r} is not one the issuer publishes"
                )
            return key


def _signing_keys(jwks: PyJWKClient, *, refresh: bool) -> list[PyJWK]:
    try:
        return jwks.get_signing_keys(refresh=refresh)
    except PyJWKClientConnectionError as exc:
        raise IssuerUnavailable(f"the issuer's keys (JWKS) could not be fetched: {exc}") from None
    except PyJWKClientError as exc:
        raise IssuerUnavailable(f"the issuer's keys (JWKS) are not usable: {exc}") from None


def _match(keys: Sequence[PyJWK], kid: str) -> PyJWK | None:
    return next((key for key in keys if key.key_id == kid), None)


def tokens_for(settings: ServiceSettings) -> Tokens:
    """The verifier the settings ask for (`auth_problem` has said whether they make sense)."""
    if settings.auth_mode == "development":
        return DevelopmentTokens(settings.development_secret, settings.auth_jwt_algorithm)
    return IssuerTokens(
        settings.auth_issuer,
        settings.auth_audience,
        algorithms=[a.strip() for a in settings.auth_algorithms.split(",") if a.strip()],
        leeway_seconds=settings.auth_leeway_seconds,
        cache_seconds=settings.auth_jwks_cache_seconds,
        refetch_seconds=settings.auth_jwks_refetch_seconds,
    )


ASYMMETRIC = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"})


def auth_problem(settings: ServiceSettings) -> str | None:
    """Why these settings cannot verify tokens safely, in one line; None when they can."""
    if settings.auth_mode == "development":
        return None
    if not settings.auth_issuer or not settings.auth_audience:
        return (
            "AUTH_MODE=oidc needs AUTH_ISSUER and AUTH_AUDIENCE (the identity provider whose "
            "tokens to accept); AUTH_MODE=development is for a developer's machine only"
        )
    if settings.auth_jwt_secret is not None:
        return (
            "AUTH_JWT_SECRET is set but AUTH_MODE is not development: tokens signed with a "
            "shared secret are accepted only in development; remove it"
        )
    algorithms = {a.strip() for a in settings.auth_algorithms.split(",") if a.strip()}
    if not algorithms or not algorithms <= ASYMMETRIC:
        accepted = ", ".join(sorted(ASYMMETRIC))
        return f"AUTH_ALGORITHMS must name only asymmetric algorithms ({accepted})"
    try:
        role_map(settings.auth_role_map)
    except ValueError as exc:
        return str(exc)
    return None
