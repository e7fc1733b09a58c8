"""Past imports of ORUK feeds, as their reports: what each found and what it lacked."""

from __future__ import annotations

from typing import Any

from linkwork_directory.store import Store
from linkwork_runtime.mongo import Document
from linkwork_runtime.paging import PageRequest
from linkwork_runtime.refusals import NotFound


def _report(run: Document) -> dict[str, Any]:
    return {k: v for k, v in run.items() if k != "_id"}


async def import_runs(store: Store, paging: PageRequest) -> dict[str, Any]:
    """Newest first; the answer has the total and the reports (no page fields, as ever)."""
    runs, total = await store.import_runs.page(
        {}, paging.skip, paging.per_page, sort=(("imported_at", -1),)
    )
    return {"total": total, "items": [_report(r) for r in runs]}


async def import_run(store: Store, import_id: str) -> dict[str, Any]:
    run = await store.import_runs.get(import_id)
    if run is None:
        raise NotFound(f"no import {import_id!r}")
    return _report(run)
