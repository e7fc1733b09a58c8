"""Signing in (a development user, or after the identity provider's sign-in) and out."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from linkwork_console.domain.identity import Identity
from linkwork_console.domain.sessions import Session, session_end
from linkwork_console.settings import Settings
from linkwork_console.store import Store
from linkwork_runtime.auth import issue_token


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
        settings.auth_jwt_secret, identity.sub, sorted(identity.roles), ttl=ttl, claims=claims
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
