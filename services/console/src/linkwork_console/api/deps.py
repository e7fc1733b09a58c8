"""What the console's routes share: settings, store, the services' APIs and the clock; the
session behind the browser's cookie; the roles a page is for; the form token of a change."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeSerializer

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.sessions import live_session
from linkwork_console.settings import Settings
from linkwork_console.store import Store
from linkwork_runtime.access import Party, Refused, confined, declares
from linkwork_runtime.http import get_settings

SESSION_COOKIE = "linkwork_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class SignInRequired(Exception):
    """No live session: the person signs in, then comes back to `next`."""

    def __init__(self, next_page: str | None) -> None:
        super().__init__("sign in")
        self.next_page = next_page


class NotForYou(Exception):
    """A page or change for other roles than the signed-in person's."""


class FormExpired(Exception):
    """A change without the session's form token: not sent from the console's own page."""


def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_now(request: Request) -> datetime:
    now: datetime = request.app.state.clock()
    return now


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
BackendsDep = Annotated[Backends, Depends(get_backends)]
Now = Annotated[datetime, Depends(get_now)]


def cookie_signer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(settings.session_secret, salt="linkwork-console-session")


def where_you_were(request: Request) -> str:
    """The page to come back to after signing in: this one, or (after a form) the form's."""
    if request.method == "GET":
        query = f"?{request.url.query}" if request.url.query else ""
        return request.url.path + query
    return request.headers.get("hx-current-url") or request.url.path


@declares()  # any signed-in person
async def current_session(
    request: Request, settings: SettingsDep, store: StoreDep, now: Now
) -> Session:
    cookie = request.cookies.get(SESSION_COOKIE)
    session_id: Any = None
    if cookie:
        try:
            session_id = cookie_signer(settings).loads(cookie)
        except BadSignature:
            session_id = None
    session = await live_session(store, str(session_id), now) if session_id else None
    if session is None:
        raise SignInRequired(where_you_were(request))
    request.state.session = session  # for the layout and the error pages
    return session


SessionDep = Annotated[Session, Depends(current_session)]


def for_roles(*roles: str) -> Callable[..., Coroutine[Any, Any, Session]]:
    """A page for people with one of `roles` (the services decide what each may see)."""

    @declares(*roles)
    async def dependency(session: SessionDep) -> Session:
        if not any(session.identity.has(role) for role in roles):
            raise NotForYou()
        return session

    return dependency


@dataclass(frozen=True)
class Posted:
    """The fields of a posted form (a field may repeat: a group of checkboxes)."""

    fields: dict[str, list[str]]

    def get(self, name: str, default: str = "") -> str:
        values = self.fields.get(name)
        return values[0].strip() if values else default

    def getlist(self, name: str) -> list[str]:
        return [value.strip() for value in self.fields.get(name, []) if value.strip()]

    def typed(self) -> dict[str, Any]:
        """What was typed, to show again when the form comes back with errors."""
        return {k: v[0] if len(v) == 1 else v for k, v in self.fields.items()}


async def checked_form(request: Request, session: SessionDep) -> Posted:
    """A change's form fields, once its form token is the session's: a form posted from
    another site (cross-site request forgery) is refused and changes nothing."""
    form = await request.form()
    sent = str(form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or "")
    if not secrets.compare_digest(sent, session.csrf):
        raise FormExpired()
    fields: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if key != CSRF_FIELD and isinstance(value, str):
            fields.setdefault(key, []).append(value)
    return Posted(fields)


Form = Annotated[Posted, Depends(checked_form)]

# Whose records a page reaches: what the service behind it lets the person's own token reach
# (the console never widens it). Another party's are not found, or left out of a list.
CASES = {"link_worker": Party.CASELOAD, "manager": Party.TEAM, "practice": Party.PRACTICE}
INBOXES = {
    "link_worker": Party.SELF,
    "manager": Party.TEAM,
    "practice": Party.PRACTICE,
    "provider": Party.ORGANISATION,
    "ops": Party.SELF,
}
OneCase = confined(Refused.NOT_FOUND, **CASES)
CaseList = confined(Refused.LEFT_OUT, **CASES)
LinkWorkerSession = Annotated[Session, Depends(for_roles("link_worker", "manager"))]


__all__ = ["Store"]  # for routes that pass the store on (the api's one door to it)
