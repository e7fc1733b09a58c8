"""`/health` (the process is alive) and `/ready` (its session store answers, and which of
the services it shows are reachable: a page of a service that is down says so)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from linkwork_console.backends import PARTS
from linkwork_runtime.access import public

router = APIRouter(tags=["health"], dependencies=[public("the orchestrator's probes")])


@router.get("/health", summary="Liveness: the process is up")
async def health() -> dict[str, str]:
    return {"status": "ok", "service": "console"}


@router.get("/ready", summary="Readiness: the session store answers (and the services?)")
async def ready(request: Request) -> JSONResponse:
    checks: dict[str, Any] = {}
    try:
        await asyncio.wait_for(request.app.state.mongo.admin.command("ping"), timeout=2)
        checks["mongodb"] = "ok"
    except Exception as exc:
        checks["mongodb"] = f"unreachable: {type(exc).__name__}"
    backends = request.app.state.backends
    for name in PARTS:
        backend = getattr(backends, name)
        try:
            answer = await backend.client.get(f"{backend.base_url}/health", timeout=2)
            checks[name] = "ok" if answer.status_code == 200 else f"answered {answer.status_code}"
        except Exception as exc:
            checks[name] = f"unreachable: {type(exc).__name__}"
    # Only the console's own store decides readiness: pages of a service that is down say so.
    ok = checks["mongodb"] == "ok"
    return JSONResponse(
        {"status": "ready" if ok else "not_ready", "checks": checks}, 200 if ok else 503
    )
