"""What every service's HTTP routes share: the runtime, settings and store of the app, the
paging parameters and the id renamed in a view of a document.

A service's `api/deps.py` types the first three for itself:
`SettingsDep = Annotated[Settings, Depends(get_settings)]`.
"""

# No `from __future__ import annotations` here: FastAPI reads `paging`'s parameter annotations
# at run time, and they name the closure's `maximum` and `default`.
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest
from linkwork_runtime.service import Runtime, get_runtime

RuntimeDep = Annotated[Runtime[Any], Depends(get_runtime)]


def get_settings(request: Request) -> Any:
    """The service's settings (its own subclass of ServiceSettings)."""
    return request.app.state.settings


def get_store(request: Request) -> Any:
    """The service's store, outside any transaction: for the reads behind the API."""
    return request.app.state.runtime.store


def paging(default: int = 50, maximum: int = 200) -> Callable[..., PageRequest]:
    """A dependency reading `page` and `per_page` (from 1; at most `maximum` per page)."""

    def dependency(
        page: Annotated[int, Query(ge=1, description="Page number, from 1")] = 1,
        per_page: Annotated[int, Query(ge=1, le=maximum, description="Items per page")] = default,
    ) -> PageRequest:
        return PageRequest(page, per_page)

    return dependency


Paging = Annotated[PageRequest, Depends(paging())]


def view(document: Document, id_field: str) -> dict[str, Any]:
    """A stored document as the API shows it: its `_id` under its own name, first."""
    return {id_field: document["_id"], **{k: v for k, v in document.items() if k != "_id"}}
