"""The FHIR door's answers: every one an OperationOutcome (`application/fhir+json`).

`operation_outcome` says what became of a message (200), or every issue that stopped it (400
structural, 422 referral rules, 404 a follow-up of an unknown referral, 409 of one that has
ended). `FhirAnswers` wraps the app so that whatever else answers a `/fhir/` path (401 no or a
bad token, 403 a role that may not send, 413 a body too large, 429 too many messages, 500)
answers in FHIR too, and limits each client's messages per minute (429 with Retry-After).
"""

from __future__ import annotations

import json
import math
import time
from typing import Any

from fastapi.responses import JSONResponse
from limits import parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import SlidingWindowCounterRateLimiter
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linkwork_referral.actions.arrivals import Outcome
from linkwork_referral.domain import fhir_answers
from linkwork_referral.domain.fhir_answers import for_status
from linkwork_referral.domain.fhir_answers import operation_outcome as outcome_of

FHIR_JSON = "application/fhir+json"
FHIR_PATHS = "/fhir/"


class FhirJSONResponse(JSONResponse):
    media_type = FHIR_JSON


_OUTCOME = {
    FHIR_JSON: {
        "schema": {
            "type": "object",
            "properties": {
                "resourceType": {"const": "OperationOutcome"},
                "issue": {"type": "array", "items": {"type": "object"}},
            },
            "required": ["resourceType", "issue"],
        }
    }
}
# What `$process-message` answers besides 200, in its OpenAPI.
REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"description": "A structural fault: not a BaRS message", "content": _OUTCOME},
    404: {"description": "A follow-up of a referral never received", "content": _OUTCOME},
    409: {"description": "A follow-up of a referral that has ended", "content": _OUTCOME},
    422: {"description": "A referral that breaks the referral rules", "content": _OUTCOME},
    429: {"description": "Too many messages from one client: Retry-After", "content": _OUTCOME},
}


def operation_outcome(outcome: Outcome) -> JSONResponse:
    if outcome.status in ("rejected", "refused"):
        if outcome.status == "rejected":
            issues = fhir_answers.for_reasons(outcome.reasons)
            status = fhir_answers.status_of(outcome.reasons)
        else:
            status = outcome.http_status or 409
            issues = fhir_answers.for_refusal(outcome.reasons, status)
        body = outcome_of(issues, id_=outcome.submission_id)
        return JSONResponse(body, status_code=status, media_type=FHIR_JSON)
    text = f"referral {outcome.referral_id} {outcome.status.replace('_', ' ')}"
    return JSONResponse(
        outcome_of([fhir_answers.information(text)]), status_code=200, media_type=FHIR_JSON
    )


class FhirAnswers:
    """Every answer on a `/fhir/` path in FHIR, and a per-client limit on messages there."""

    def __init__(self, app: ASGIApp, limit: str) -> None:
        self.app = app
        self.limit = parse(limit)
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(FHIR_PATHS):
            return await self.app(scope, receive, send)
        client = _client(scope)
        if not await self.limiter.hit(self.limit, client):
            stats = await self.limiter.get_window_stats(self.limit, client)
            retry = max(1, math.ceil(stats.reset_time - time.time()))
            words = f"at most {self.limit} messages from one client; try again in {retry} s"
            body = outcome_of([for_status(429, words)])
            answer = JSONResponse(body, 429, {"Retry-After": str(retry)}, media_type=FHIR_JSON)
            return await answer(scope, receive, send)
        await self.app(scope, receive, _in_fhir(send))


def _client(scope: Scope) -> str:
    """Whom the limit counts: the bearer token (a sending system's own), else the address."""
    authorization = Headers(scope=scope).get("authorization", "")
    if authorization.lower().startswith("bearer ") and len(authorization) > 7:
        return "token:" + str(hash(authorization[7:]))
    return "address:" + (scope["client"][0] if scope.get("client") else "unknown")


def _in_fhir(send: Send) -> Send:
    """A refusal answered in plain JSON (by auth, hardening, validation) rewritten as an
    OperationOutcome with the same status and headers; FHIR answers pass untouched."""
    start: Message | None = None
    chunks: list[bytes] = []

    async def sending(message: Message) -> None:
        nonlocal start
        if message["type"] == "http.response.start":
            content_type = Headers(raw=message.get("headers", [])).get("content-type", "")
            if message["status"] < 400 or content_type.startswith(FHIR_JSON):
                return await send(message)
            start = message
            return None
        if start is None:
            return await send(message)
        chunks.append(message.get("body", b""))
        if message.get("more_body"):
            return None
        body = json.dumps(outcome_of([for_status(start["status"], _words(b"".join(chunks)))]))
        headers = MutableHeaders(raw=list(start.get("headers", [])))
        headers["content-type"] = FHIR_JSON
        headers["content-length"] = str(len(body.encode()))
        await send({**start, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body.encode()})
        return None

    return sending


def _words(body: bytes) -> str:
    """What the plain refusal said (its `detail`), for the issue's diagnostics."""
    try:
        detail = json.loads(body).get("detail")
    except (ValueError, AttributeError):
        return "the request was refused"
    if isinstance(detail, dict):
        return str(detail.get("message") or detail.get("error") or "the request was refused")
    if isinstance(detail, list):  # request validation: each problem and where
        return "; ".join(f"{'.'.join(map(str, d.get('loc', [])))}: {d.get('msg')}" for d in detail)
    return str(detail or "the request was refused")
