"""Signing in at an OpenID Connect identity provider: the authorization-code flow with PKCE
(authlib), the provider's discovery document fetched when needed, and the ID token checked
by the runtime's token verifier (the provider's published keys, issuer, audience, expiry)
and its nonce before anyone is signed in.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import AsyncOAuth2Client

from linkwork_runtime.tokens import IssuerTokens, IssuerUnavailable, TokenRefused

CACHE_SECONDS = 300.0


class SignInFailed(Exception):
    """The provider's answer could not sign anyone in; the message says why (no token)."""


@dataclass(frozen=True)
class Started:
    """A sign-in sent to the provider: where to send the browser, and what to keep to check
    the provider's answer."""

    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True)
class SignedIn:
    claims: dict[str, Any]
    access_token: str
    expires_in: float | None


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str
    http: httpx.AsyncClient
    _discovery: dict[str, Any] | None = None
    _fetched_at: float = 0.0
    _id_tokens: IssuerTokens | None = None

    async def discovery(self) -> dict[str, Any]:
        if self._discovery is None or time.monotonic() - self._fetched_at > CACHE_SECONDS:
            answer = await self.http.get(
                f"{self.issuer.rstrip('/')}/.well-known/openid-configuration"
            )
            answer.raise_for_status()
            self._discovery, self._fetched_at = answer.json(), time.monotonic()
        return self._discovery

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            scope=self.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_post",
        )

    async def start(self, redirect_uri: str, login_hint: str | None = None) -> Started:
        endpoints = await self.discovery()
        verifier, nonce = generate_token(48), generate_token(24)
        extra = {"login_hint": login_hint} if login_hint else {}
        async with self._client(redirect_uri) as client:
            url, state = client.create_authorization_url(
                endpoints["authorization_endpoint"], code_verifier=verifier, nonce=nonce, **extra
            )
        return Started(url, state, nonce, verifier)

    async def finish(
        self, redirect_uri: str, code: str, code_verifier: str, nonce: str
    ) -> SignedIn:
        endpoints = await self.discovery()
        async with self._client(redirect_uri) as client:
            try:
                token = await client.fetch_token(
                    endpoints["token_endpoint"], code=code, code_verifier=code_verifier
                )
            except Exception as exc:  # authlib raises its own errors and httpx's
                raise SignInFailed(f"the identity provider refused the code: {exc}") from None
        claims = await self._checked(str(token.get("id_token", "")), nonce, endpoints)
        expires = token.get("expires_in")
        return SignedIn(claims, str(token["access_token"]), float(expires) if expires else None)

    async def _checked(
        self, id_token: str, nonce: str, endpoints: Mapping[str, Any]
    ) -> dict[str, Any]:
        """The ID token's claims, verified as the runtime verifies every token (the keys the
        provider publishes, issuer, audience this client, expiry), and its nonce this
        sign-in's."""
        if not id_token:
            raise SignInFailed("the identity provider sent no ID token")
        if self._id_tokens is None:
            self._id_tokens = IssuerTokens(str(endpoints["issuer"]), self.client_id)
        try:
            claims = await self._id_tokens.claims(id_token)
        except (TokenRefused, IssuerUnavailable) as exc:
            raise SignInFailed(f"the ID token is not valid: {exc}") from None
        if claims.get("nonce") != nonce:
            raise SignInFailed("the ID token's nonce is not this sign-in's")
        return claims
