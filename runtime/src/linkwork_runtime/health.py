"""`/health` (the process is alive) and `/ready` (Kafka and MongoDB answer)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from linkwork_runtime.access import public

router = APIRouter(tags=["health"], dependencies=[public("the orchestrator's probes")])


@router.get("/health", summary="Liveness: the process is up")
async def health(request: Request) -> dict[str, str]:
    return {"status": "ok", "service": request.app.state.settings.service_name}


@router.get("/ready", summary="Readiness: Kafka and MongoDB are reachable")
async def ready(request: Request) -> JSONResponse:
    runtime = request.app.state.runtime
    checks: dict[str, Any] = {}
    try:
        await asyncio.wait_for(runtime.mongo.admin.command("ping"), timeout=2)
        checks["mongodb"] = "ok"
    except Exception as exc:
        checks["mongodb"] = f"unreachable: {type(exc).__name__}"
    checks["kafka"] = "ok" if await runtime.broker.ping(timeout=2) else "unreachable"
    ok = all(value == "ok" for value in checks.values())
    body = {"status": "ready" if ok else "not_ready", "checks": checks}
    return JSONResponse(body, status_code=200 if ok else 503)
