"""A person's notifications (`/notifications`, live when one arrives), marking them read, and
the header's unread badge (`/notifications/badge`, fetched again on each live notification).
For everyone signed in but ops (who watch the event stream instead)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from linkwork_console.actions import notifications as marking
from linkwork_console.api.deps import INBOXES, BackendsDep, Form, for_roles
from linkwork_console.api.forms import ShowAgain, submit
from linkwork_console.api.pages import render
from linkwork_console.backends import Backends
from linkwork_console.domain import notifications as rules
from linkwork_console.domain.forms import FormState
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.notifications import inbox, unread
from linkwork_runtime.access import Refused, confined

router = APIRouter(tags=["notifications"])
INBOX = [confined(Refused.LEFT_OUT, **INBOXES)]
Reader = Annotated[Session, Depends(for_roles("link_worker", "manager", "practice", "provider"))]


@router.get("/notifications", summary="My notifications", dependencies=INBOX)
async def notifications_page(
    request: Request,
    session: Reader,
    backends: BackendsDep,
    page: int = 1,
    unread: bool = False,
    done: str = "",
) -> Response:
    return await show_inbox(request, backends, session, page, unread, done=rules.DONE.get(done, ""))


@router.get("/notifications/list", summary="My notifications (live update)", dependencies=INBOX)
async def notifications_list(
    request: Request, session: Reader, backends: BackendsDep, page: int = 1, unread: bool = False
) -> Response:
    found = await inbox(backends, session, page, unread)
    return await render(request, "notifications/list.html", fragment=True, inbox=found)


@router.get(
    "/notifications/badge",
    summary="The header's unread count (live update)",
    dependencies=INBOX,
)
async def badge(request: Request, session: Reader, backends: BackendsDep) -> Response:
    count = await unread(backends, session)
    return await render(request, "components/unread_badge.html", fragment=True, unread=count)


@router.post(
    "/notifications/read-all", summary="Mark all my notifications read", dependencies=INBOX
)
async def read_all(
    request: Request, session: Reader, backends: BackendsDep, form: Form
) -> Response:
    back = rules.back_to(form.get("page"), form.get("unread"))
    return await submit(
        marking.mark_all_read(backends, session),
        then=f"{back}&done=all-read",
        form_name="read-all",
        typed=form.typed(),
        fields=(),
        show_again=_again(request, backends, session, form.get("page"), form.get("unread")),
        refused_as="Your notifications were not marked as read",
    )


@router.post(
    "/notifications/{notification_id}/read",
    summary="Mark one notification read",
    dependencies=[confined(Refused.NOT_FOUND, **INBOXES)],
)
async def read_one(
    request: Request, notification_id: str, session: Reader, backends: BackendsDep, form: Form
) -> Response:
    back = rules.back_to(form.get("page"), form.get("unread"))
    return await submit(
        marking.mark_read(backends, session, notification_id),
        then=f"{back}&done=read#notification-{notification_id}",
        form_name=f"read-{notification_id}",
        typed=form.typed(),
        fields=(),
        show_again=_again(request, backends, session, form.get("page"), form.get("unread")),
        refused_as="The notification was not marked as read",
    )


def _again(
    request: Request, backends: Backends, session: Session, page: str, unread: str
) -> ShowAgain:
    async def show(form: FormState, status: int) -> Response:
        number = int(page) if page.isdigit() else 1
        return await show_inbox(
            request, backends, session, number, unread == "true", form=form, status=status
        )

    return show


async def show_inbox(
    request: Request,
    backends: Backends,
    session: Session,
    page: int = 1,
    unread_only: bool = False,
    *,
    form: FormState | None = None,
    status: int = 200,
    done: str = "",
) -> Response:
    found = await inbox(backends, session, page, unread_only)
    return await render(
        request,
        "notifications/page.html",
        status=status,
        title="Notifications",
        inbox=found,
        unread=found.unread,
        form=form or FormState(),
        done=done,
    )
