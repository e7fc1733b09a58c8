"""Rendering a page: its template with what every page shows (who is signed in, their work
areas, the unread count, the form token), as HTML the browser does not cache."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment

from linkwork_console.backends import Backends, BackendUnavailable
from linkwork_console.domain.identity import navigation
from linkwork_console.domain.sessions import Session


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


async def render(
    request: Request,
    template: str,
    *,
    status: int = 200,
    unread: int | None = None,
    **context: Any,
) -> HTMLResponse:
    session: Session | None = getattr(request.state, "session", None)
    if session is not None and unread is None and not context.get("fragment"):
        unread = await unread_count(request.app.state.backends, session)
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
            **context,
        )
    )
    return HTMLResponse(html, status_code=status)


def see_other(location: str) -> RedirectResponse:
    """After a change: go (GET) to the page that shows its result."""
    return RedirectResponse(location, status_code=303)
