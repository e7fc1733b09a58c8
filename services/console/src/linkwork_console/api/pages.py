"""Rendering a page: its template with what every page shows (who is signed in, their work
areas, the unread count, the form token), as HTML the browser does not cache."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment

from linkwork_console.backends import BackendRefused, Backends, BackendUnavailable
from linkwork_console.domain.identity import navigation
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.triage import awaiting_count
from linkwork_runtime.caller import MANAGER


def environment(request: Request) -> Environment:
    templates: Environment = request.app.state.templates
    return templates


async def unread_count(backends: Backends, session: Session) -> int | None:
    """The header's badge; None (no badge) when the notifications service is away, so the
    rest of the page still works."""
    try:
        answer = await backends.notifications.get("/notifications/unread-count", session.token)
    except BackendUnavailable:
        return None
    return int(answer["unread"])


async def triage_count(backends: Backends, session: Session) -> int | None:
    """How many referrals await triage, beside a manager's "Triage" link; None (no count)
    for anyone else, or when the referral service is away or refuses."""
    if not session.identity.has(MANAGER):
        return None
    try:
        return await awaiting_count(backends, session)
    except (BackendUnavailable, BackendRefused):
        return None


async def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    unread: int | None = None,
    **context: Any,
) -> HTMLResponse:
    session: Session | None = getattr(request.state, "session", None)
    awaiting: int | None = None
    if session is not None and not context.get("fragment"):
        backends = request.app.state.backends
        counted, awaiting = await asyncio.gather(
            unread_count(backends, session) if unread is None else _known(unread),
            triage_count(backends, session),
        )
        unread = counted
    html = (
        environment(request)
        .get_template(template)
        .render(
            request=request,
            session=session,
            identity=session.identity if session else None,
            csrf_token=session.csrf if session else "",
            nav=navigation(session.identity) if session else [],
            current_path=request.url.path,
            unread=unread,
            awaiting_triage=awaiting,
            **context,
        )
    )
    return HTMLResponse(html, status_code=status)


async def _known(count: int) -> int:
    return count


def see_other(location: str) -> RedirectResponse:
    """After a change: go (GET) to the page that shows its result."""
    return RedirectResponse(location, status_code=303)
