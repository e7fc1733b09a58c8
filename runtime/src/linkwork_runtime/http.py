"""What every service's HTTP routes share: the runtime, settings and store of the app, the
paging parameters, a time given in a query, the id renamed in a view of a document, and the
answer of a step that records one event.

A service's `api/deps.py` types the first three for itself:
`SettingsDep = Annotated[Settings, Depends(get_settings)]`.
"""

# No `from __future__ import annotations` here: FastAPI reads `paging`'s parameter annotations
# at run time, and they name the closure's `maximum` and `default`.
import re
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest
from linkwork_runtime.service import Runtime, get_runtime
from linkwork_runtime.unit_of_work import Transaction
from linkwork_schemas import Event

RuntimeDep = Annotated[Runtime[Any], Depends(get_runtime)]


def get_settings(request: Request) -> Any:
    """The service's settings (its own subclass of ServiceSettings)."""
    return request.app.state.settings


def get_store(request: Request) -> Any:
    """The service's store, outside any transaction: for the reads behind the API."""
    return request.app.state.runtime.store


# A bound far past any list's end that keeps the skip MongoDB is sent within its 64-bit ints.
MAX_PAGE = 1_000_000


def paging(default: int = 50, maximum: int = 200) -> Callable[..., PageRequest]:
    """A dependency reading `page` and `per_page` (from 1; at most `maximum` per page)."""

    def dependency(
        page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1")] = 1,
        per_page: Annotated[int, Query(ge=1, le=maximum, description="Items per page")] = default,
    ) -> PageRequest:
        return PageRequest(page, per_page)

    return dependency


Paging = Annotated[PageRequest, Depends(paging())]

_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _not_a_number(value: Any) -> Any:
    """Pydantic alone reads a number as seconds since 1970: `received_from=19.25` would mean
    1 January 1970 without a word, where the OpenAPI promises an ISO 8601 date-time."""
    if isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        raise ValueError(f"{value!r} is not a date-time: give ISO 8601, e.g. 2026-12-03T09:30:00Z")
    return value


# A time in a query (`?since=...`): ISO 8601 text, not a number.
QueryTime = Annotated[datetime, BeforeValidator(_not_a_number)]


def view(document: Document, id_field: str) -> dict[str, Any]:
    """A stored document as the API shows it: its `_id` under its own name, first."""
    return {id_field: document["_id"], **{k: v for k, v in document.items() if k != "_id"}}


async def recorded(
    runtime: Runtime[Any], step: Callable[[Transaction[Any]], Awaitable[Event]]
) -> dict[str, Any]:
    """Run a step that records one event in a transaction; answer with that event: its id,
    its type and its payload's fields."""
    event = await runtime.uow.run(step)
    return {
        "event_id": str(event.event_id),
        "event_type": event.event_type,
        **event.payload.model_dump(mode="json"),
    }
