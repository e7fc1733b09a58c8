"""Signing in (a development user, or at the identity provider) and out."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from linkwork_console.backends.oidc import Provider, SignInFailed, Started
from linkwork_console.domain.identity import Identity
from linkwork_console.domain.sessions import Session, session_end
from linkwork_console.settings import Settings
from linkwork_console.store import Store
from linkwork_runtime.auth import issue_token, verified_principal
from linkwork_runtime.tokens import ClaimNames, IssuerUnavailable, TokenRefused, Tokens


def development_token(
    settings: Settings, identity: Identity, now: datetime
) -> tuple[str, datetime]:
    """A token for a demo user, signed as the services' development mode expects."""
    ttl = timedelta(hours=settings.session_hours)
    claims = {
        key: value
        for key, value in (
            ("team_id", identity.team_id),
            ("ods_code", identity.ods_code),
            ("organization_id", identity.organization_id),
            ("name", identity.name),
        )
        if value
    }
    token = issue_token(
        settings.development_secret, identity.sub, sorted(identity.roles), ttl=ttl, claims=claims
    )
    return token, now + ttl


async def start_session(
    store: Store,
    settings: Settings,
    identity: Identity,
    token: str,
    token_expires_at: datetime | None,
    now: datetime,
) -> Session:
    """A new session for the person (a fresh id: a session is never reused across sign-ins)."""
    session = Session(
        id=secrets.token_urlsafe(32),
        identity=identity,
        token=token,
        csrf=secrets.token_urlsafe(32),
        expires_at=session_end(now, token_expires_at, settings.session_hours),
    )
    await store.sessions.add(
        {
            "_id": session.id,
            "identity": identity.as_document(),
            "token": token,
            "csrf": session.csrf,
            "created_at": now,
            "expires_at": session.expires_at,
        }
    )
    return session


async def end_session(store: Store, session_id: str) -> None:
    await store.sessions.end(session_id)


async def begin_provider_sign_in(
    store: Store, provider: Provider, redirect_uri: str, next_page: str | None, now: datetime
) -> Started:
    """Send the person to the identity provider; keep what its answer is checked against."""
    started = await provider.start(redirect_uri)
    await store.sign_ins.add(
        {
            "_id": started.state,
            "nonce": started.nonce,
            "code_verifier": started.code_verifier,
            "next": next_page,
            "expires_at": now + timedelta(minutes=10),
        }
    )
    return started


async def finish_provider_sign_in(
    store: Store,
    settings: Settings,
    checker: TokenChecker,
    provider: Provider,
    redirect_uri: str,
    state: str,
    code: str,
    now: datetime,
) -> tuple[Session, str | None]:
    """The provider's answer: checked, then a session; and the page to return to."""
    pending = await store.sign_ins.take(state, now)
    if pending is None:
        raise SignInFailed("this sign-in was not started here, or took too long: start again")
    signed_in = await provider.finish(
        redirect_uri, code, pending["code_verifier"], pending["nonce"]
    )
    identity = await identity_of(checker, signed_in.access_token, signed_in.claims)
    expires = now + timedelta(seconds=signed_in.expires_in) if signed_in.expires_in else None
    session = await start_session(store, settings, identity, signed_in.access_token, expires, now)
    return session, pending.get("next")


@dataclass(frozen=True)
class TokenChecker:
    """How the services check a token (the console checks the provider's the same way, so
    the pages it shows match what the services will allow)."""

    tokens: Tokens
    names: ClaimNames


async def identity_of(
    checker: TokenChecker, access_token: str, id_claims: dict[str, Any]
) -> Identity:
    """Who signed in: the access token's caller (roles, team, practice, organisation, as the
    services read them) with the name the ID token gives."""
    try:
        principal = await verified_principal(access_token, checker.tokens, checker.names)
    except TokenRefused as refused:
        raise SignInFailed(
            f"the identity provider's access token is not accepted: {refused}"
        ) from None
    except IssuerUnavailable as unavailable:
        raise SignInFailed(f"the identity provider could not be asked: {unavailable}") from None
    return Identity(
        sub=principal.sub,
        name=str(id_claims.get("name") or principal.sub),
        roles=principal.roles,
        team_id=principal.team_id,
        ods_code=principal.ods_code,
        organization_id=principal.organization_id,
    )
