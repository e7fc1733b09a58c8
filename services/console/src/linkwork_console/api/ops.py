"""Ops' pages: `/ops` (the live stream of envelopes, what each service dead-lettered per topic,
the deliveries that failed), a topic's dead letters kept by one service, one of them, sending
them back (after a confirmation), and every failed delivery."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from linkwork_console.actions import ops as changes
from linkwork_console.api.deps import BackendsDep, Form, for_roles
from linkwork_console.api.forms import invalid, submit
from linkwork_console.api.pages import render
from linkwork_console.domain import ops as rules
from linkwork_console.domain.forms import FieldError, FormState
from linkwork_console.domain.sessions import Session
from linkwork_console.queries.ops import failed_deliveries, kept_on, kept_one, ops_page
from linkwork_runtime.access import unconfined

router = APIRouter(
    tags=["ops"],
    dependencies=[unconfined("ops mend every service's dead letters and failed deliveries")],
)
Ops = Annotated[Session, Depends(for_roles("ops"))]


def _service(service: str) -> str:
    """One of the services that keep dead letters; any other name is a page not found."""
    if not rules.known_service(service):
        raise HTTPException(status_code=404)
    return service


Service = Annotated[str, Depends(_service)]


@router.get("/ops", summary="Operations: events, dead letters, failed deliveries")
async def ops_home(
    request: Request, session: Ops, backends: BackendsDep, event_type: str = ""
) -> Response:
    chosen = rules.known_event_type(event_type)
    page = await ops_page(backends, session, chosen)
    return await render(
        request,
        "ops/page.html",
        title="Operations",
        page=page,
        event_type=chosen,
        event_types=rules.EVENT_TYPES,
        shown=rules.ENVELOPES_SHOWN,
    )


@router.get("/ops/deliveries", summary="Deliveries that failed, and why")
async def ops_deliveries(
    request: Request, session: Ops, backends: BackendsDep, page: int = 1
) -> Response:
    failed = await failed_deliveries(backends, session, page, per_page=50)
    return await render(request, "ops/deliveries.html", title="Failed deliveries", failed=failed)


@router.get("/ops/dead-letters/{service}/{topic}", summary="What a service kept on a topic")
async def ops_kept(
    request: Request,
    service: Service,
    topic: str,
    session: Ops,
    backends: BackendsDep,
    page: int = 1,
    done: str = "",
) -> Response:
    kept = await kept_on(backends, session, service, topic, page)
    return await render(
        request,
        "ops/kept.html",
        title=f"Dead letters of {topic}",
        service=service,
        topic=topic,
        kept=kept,
        done=rules.DONE.get(done, ""),
    )


@router.get("/ops/dead-letters/{service}/{topic}/{partition}/{offset}", summary="One kept message")
async def ops_kept_one(
    request: Request,
    service: Service,
    topic: str,
    partition: int,
    offset: int,
    session: Ops,
    backends: BackendsDep,
) -> Response:
    detail = await kept_one(backends, session, service, topic, partition, offset)
    return await render(
        request,
        "ops/message.html",
        title=f"Dead letter {partition}/{offset} of {topic}",
        service=service,
        topic=topic,
        detail=detail,
    )


@router.get("/ops/dead-letters/{service}/{topic}/replay", summary="Confirm sending back")
async def ops_confirm_replay(
    request: Request,
    service: Service,
    topic: str,
    session: Ops,
    backends: BackendsDep,
    all: str = "",
    partition: str = "",
    offset: str = "",
) -> Response:
    choice = rules.replay_choice(all, partition, offset)
    form = FormState()
    if isinstance(choice, FieldError):
        form = invalid("replay", {}, choice)
    return await _confirm(request, session, service, topic, choice, form, 200)


@router.post("/ops/dead-letters/{service}/{topic}/replay", summary="Send kept messages back")
async def ops_replay(
    request: Request, service: Service, topic: str, session: Ops, backends: BackendsDep, form: Form
) -> Response:
    choice = rules.replay_choice(form.get("all"), form.get("partition"), form.get("offset"))

    async def again(state: FormState, status: int) -> Response:
        return await _confirm(request, session, service, topic, choice, state, status)

    if isinstance(choice, FieldError):
        return await again(invalid("replay", form.typed(), choice), 422)
    return await submit(
        changes.replay(backends, session, service, topic, choice),
        then=f"/ops/dead-letters/{service}/{topic}?done={choice.done}",
        form_name="replay",
        typed=form.typed(),
        fields=(),
        show_again=again,
        refused_as="Nothing was sent back",
    )


async def _confirm(
    request: Request,
    session: Session,
    service: str,
    topic: str,
    choice: rules.ReplayChoice | FieldError,
    form: FormState,
    status: int,
) -> Response:
    return await render(
        request,
        "ops/replay.html",
        status=status,
        title=f"Send back to {topic}",
        service=service,
        topic=topic,
        choice=None if isinstance(choice, FieldError) else choice,
        form=form,
    )
