"""What a person sees when something is not right: signed out (to sign-in, and back), a page
that is not theirs, a form not sent from the console, a service that is down (which part),
a record they may not see (not found), or a fault (never a stack trace)."""

from __future__ import annotations

from urllib.parse import urlencode

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from linkwork_console.api.deps import FormExpired, NotForYou, SignInRequired
from linkwork_console.api.pages import render, see_other
from linkwork_console.backends import BackendRefused, BackendUnavailable
from linkwork_console.domain.identity import safe_next

log = structlog.get_logger(__name__)


async def sign_in_again(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRequired)
    back = safe_next(exc.next_page)
    target = "/sign-in" + (f"?{urlencode({'next': back})}" if back else "")
    if request.headers.get("hx-request"):  # a live fragment: send the whole page to sign in
        return Response(status_code=401, headers={"HX-Redirect": target})
    return see_other(target)


async def not_for_you(request: Request, _: Exception) -> Response:
    return await render(request, "errors/forbidden.html", status=403, title="Not for you")


async def form_expired(request: Request, _: Exception) -> Response:
    return await render(request, "errors/form_expired.html", status=403, title="Form expired")


async def unavailable(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BackendUnavailable)
    return await render(
        request, "errors/unavailable.html", status=503, title="Unavailable", part=exc.part
    )


async def refused(request: Request, exc: Exception) -> Response:
    """A refusal no page handled itself: a record the person may not see is not found."""
    assert isinstance(exc, BackendRefused)
    if exc.status == 401:  # the service no longer takes the session's token
        return await sign_in_again(request, SignInRequired(request.url.path))
    if exc.status == 404:
        return await not_found(request, exc)
    return await render(
        request, "errors/refused.html", status=exc.status, title="Not done", message=exc.message
    )


async def not_found(request: Request, _: Exception) -> Response:
    return await render(request, "errors/not_found.html", status=404, title="Page not found")


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return await not_found(request, exc)
    return await render(
        request, "errors/refused.html", status=exc.status_code, title="Not done", message=""
    )


async def fault(request: Request, exc: Exception) -> Response:
    log.exception("console.fault", path=request.url.path)
    return await render(request, "errors/fault.html", status=500, title="Sorry, a problem")


def register(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, sign_in_again)
    app.add_exception_handler(NotForYou, not_for_you)
    app.add_exception_handler(FormExpired, form_expired)
    app.add_exception_handler(BackendUnavailable, unavailable)
    app.add_exception_handler(BackendRefused, refused)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, fault)
