"""A small OpenID Connect issuer on loopback, for tests and development: what an NHS identity
provider (CIS2, Entra ID, Keycloak) does for a staff application's sign-in, and no more.

- `/.well-known/openid-configuration`: discovery; `/jwks`: the public signing keys;
- `/authorize`: the authorization-code flow with PKCE (S256 only); it signs in whoever
  `login_hint` names (one of its `users`), with no password page;
- `/token`: the code for an ID token (`aud` the client, with `nonce`) and an access token
  (`aud` the API's `audience`), both signed with the current key (`kid` in the header), with
  `iss`, `iat`, `exp` and the user's claims as the issuer keeps them (a test may name roles
  the way Keycloak or CIS2 do).

`mint()` signs any token a test needs (wrong audience, expired, another key); `rotate()` makes
a new signing key (the old one stays published until `retire()`), so key rotation can be
tested without a restart; `jwks_requests` counts how often the keys were fetched.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm, RSAPSSAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route


@dataclass
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    algorithm: str = "RS256"

    def public_jwk(self) -> dict[str, Any]:
        public = self.private.public_key()
        jwk: dict[str, Any]
        if isinstance(public, ec.EllipticCurvePublicKey):
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        elif self.algorithm.startswith("PS"):
            jwk = RSAPSSAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = RSAAlgorithm.to_jwk(public, as_dict=True)
        return {**jwk, "kid": self.kid, "use": "sig", "alg": self.algorithm}


def new_key(algorithm: str = "RS256") -> SigningKey:
    """A signing key for RS256, PS256 (RSA, 2048 bits) or ES256 (P-256)."""
    private: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    if algorithm == "ES256":
        private = ec.generate_private_key(ec.SECP256R1())
    else:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return SigningKey(kid=uuid.uuid4().hex[:12], private=private, algorithm=algorithm)


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    user: str
    nonce: str | None
    challenge: str
    expires: float


@dataclass
class Issuer:
    """The issuer's state: its URL, the clients it knows, its users' claims and its keys."""

    url: str
    clients: dict[str, str]  # client id -> secret
    users: dict[str, dict[str, Any]]  # sub -> claims (name, roles, team_id, ...)
    audience: str = "linkwork"  # the API's audience: access tokens' `aud`
    signing: SigningKey = field(default_factory=new_key)
    keys: list[SigningKey] = field(default_factory=list)  # published in the JWKS
    grants: dict[str, Grant] = field(default_factory=dict)
    token_seconds: int = 3600
    jwks_requests: int = 0

    def __post_init__(self) -> None:
        self.keys = self.keys or [self.signing]

    def rotate(self, algorithm: str = "RS256") -> SigningKey:
        """A new signing key, published and used from now on; the old ones stay published."""
        self.signing = new_key(algorithm)
        self.keys.append(self.signing)
        return self.signing

    def retire(self, kid: str) -> None:
        """Stop publishing a key (tokens it signed no longer verify)."""
        self.keys = [key for key in self.keys if key.kid != kid]

    def mint(
        self,
        sub: str,
        claims: Mapping[str, Any] | None = None,
        *,
        audience: str | None = None,
        issuer: str | None = None,
        expires_in: int | None = None,
        key: SigningKey | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> str:
        """A token as this issuer signs them: `sub`, the user's claims (when `sub` is one of
        its users) and `claims`; every part can be made wrong on purpose."""
        now = int(time.time())
        body = {
            "iss": self.url if issuer is None else issuer,
            "sub": sub,
            "aud": self.audience if audience is None else audience,
            "iat": now,
            "exp": now + (self.token_seconds if expires_in is None else expires_in),
            **self.users.get(sub, {}),
            **(claims or {}),
        }
        key = key or self.signing
        header = {"kid": key.kid, **(headers or {})}
        return jwt.encode(body, key.private, algorithm=key.algorithm, headers=header)

    def id_token(self, sub: str, audience: str, nonce: str | None) -> str:
        return self.mint(sub, {"nonce": nonce} if nonce else {}, audience=audience)

    def access_token(self, sub: str) -> str:
        return self.mint(sub)


def issuer_app(issuer: Issuer) -> Starlette:
    async def discovery(_: Request) -> Response:
        return JSONResponse(
            {
                "issuer": issuer.url,
                "authorization_endpoint": f"{issuer.url}/authorize",
                "token_endpoint": f"{issuer.url}/token",
                "jwks_uri": f"{issuer.url}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256", "PS256", "ES256"],
                "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_post"],
            }
        )

    async def jwks(_: Request) -> Response:
        issuer.jwks_requests += 1
        return JSONResponse({"keys": [key.public_jwk() for key in issuer.keys]})

    async def authorize(request: Request) -> Response:
        q = request.query_params
        problem = _authorize_problem(issuer, q)
        if problem:
            return JSONResponse({"error": "invalid_request", "error_description": problem}, 400)
        code = secrets.token_urlsafe(24)
        issuer.grants[code] = Grant(
            client_id=q["client_id"],
            redirect_uri=q["redirect_uri"],
            user=q["login_hint"],
            nonce=q.get("nonce"),
            challenge=q["code_challenge"],
            expires=time.time() + 120,
        )
        answer = urlencode({"code": code, "state": q.get("state", "")})
        return RedirectResponse(f"{q['redirect_uri']}?{answer}", status_code=302)

    async def token(request: Request) -> Response:
        form = await request.form()
        grant = issuer.grants.pop(str(form.get("code", "")), None)
        problem = _token_problem(issuer, grant, form)
        if problem or grant is None:
            return JSONResponse({"error": "invalid_grant", "error_description": problem}, 400)
        return JSONResponse(
            {
                "token_type": "Bearer",
                "expires_in": issuer.token_seconds,
                "access_token": issuer.access_token(grant.user),
                "id_token": issuer.id_token(grant.user, grant.client_id, grant.nonce),
            }
        )

    return Starlette(
        routes=[
            Route("/.well-known/openid-configuration", discovery),
            Route("/jwks", jwks),
            Route("/authorize", authorize),
            Route("/token", token, methods=["POST"]),
        ]
    )


def _authorize_problem(issuer: Issuer, q: Mapping[str, str]) -> str | None:
    if q.get("response_type") != "code":
        return "response_type must be code"
    if q.get("client_id") not in issuer.clients:
        return "unknown client"
    if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
        return "PKCE with S256 is required"
    if q.get("login_hint") not in issuer.users:
        return "login_hint must name a known user"
    if not q.get("redirect_uri"):
        return "redirect_uri is required"
    return None


def _token_problem(issuer: Issuer, grant: Grant | None, form: Any) -> str | None:
    if grant is None or grant.expires < time.time():
        return "unknown or expired code"
    if form.get("client_id") != grant.client_id or issuer.clients.get(grant.client_id) != form.get(
        "client_secret"
    ):
        return "client authentication failed"
    if form.get("redirect_uri") != grant.redirect_uri:
        return "redirect_uri differs from the authorization request's"
    verifier = str(form.get("code_verifier", ""))
    digest = hashlib.sha256(verifier.encode()).digest()
    if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant.challenge:
        return "code_verifier does not match the code_challenge"
    return None
