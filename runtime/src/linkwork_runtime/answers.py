"""What a route's OpenAPI says it may answer besides success, so that a caller (or a fuzzer)
can rely on the document.

A route declares the refusals it makes (`refusals`) with `responses=refused(NotFound, ...)`.
What every route shares is added to each service's document at once: from the access matrix,
401 where a sign-in is needed, 403 where a role is and 429 where anyone may call (the rate limit
of `hardening`); 400 for a body that cannot be read at all; and 422 as either a request that
does not parse or a refusal.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import validation_error_definition, validation_error_response_definition
from pydantic import BaseModel, Field

from linkwork_runtime.access import access_matrix
from linkwork_runtime.refusals import Refusal

SCHEMAS = "#/components/schemas/"
# FastAPI's answer to a body it cannot even decode (not UTF-8, say), before any validation.
UNREADABLE = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


class RefusalDetail(BaseModel):
    error: str = Field(description="What kind of refusal, e.g. not_found, conflict, forbidden")
    message: str = Field(description="What was wrong, in words the caller can act on")
    where: str | None = Field(default=None, description="The field or JSON path it is about")


class RefusalAnswer(BaseModel):
    """The body of every refusal (and of a refused token or role)."""

    detail: RefusalDetail


def refused(*kinds: type[Refusal]) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route that may refuse with `kinds` (e.g. NotFound, Conflict)."""
    return {
        kind.status: {"model": RefusalAnswer, "description": _first_line(kind.__doc__)}
        for kind in kinds
    }


def document_shared_answers(app: FastAPI) -> None:
    """Make `app`'s OpenAPI document the answers every route shares (see the module)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if not app.openapi_schema:
            app.openapi_schema = with_shared_answers(generate(), app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def with_shared_answers(document: dict[str, Any], app: FastAPI) -> dict[str, Any]:
    """`document` (app's OpenAPI) with the shared answers added to each of its operations."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("RefusalAnswer", _schema_of(RefusalAnswer, schemas))
    refusal = {"$ref": f"{SCHEMAS}RefusalAnswer"}
    for row in access_matrix(app):
        operation = document.get("paths", {}).get(row.path, {}).get(row.method.lower())
        if operation is None:
            continue
        responses = operation.setdefault("responses", {})
        if row.access is not None and row.access.public:
            _add(responses, "429", "Too many requests from this address: see Retry-After", refusal)
        elif row.access is not None:
            _add(responses, "401", "No bearer token, or one not valid", refusal)
            if row.access.roles:
                roles = ", ".join(sorted(row.access.roles))
                _add(responses, "403", f"Not for this caller (roles: {roles})", refusal)
        if "requestBody" in operation:
            _add(responses, "400", "The body could not be read", UNREADABLE)
        if "422" in responses:
            # A request the caller can fix: one that does not parse (FastAPI's validation
            # answer), or an Unprocessable refusal saying what and where.
            schemas.setdefault("ValidationError", validation_error_definition)
            schemas.setdefault("HTTPValidationError", validation_error_response_definition)
            unparsed = {"$ref": f"{SCHEMAS}HTTPValidationError"}
            _add(responses, "422", "The request cannot be processed as it is", unparsed, refusal)
    return document


def _add(responses: dict[str, Any], status: str, description: str, *schemas: Any) -> None:
    """Document `schemas` as JSON answers with `status`, beside what the route says there."""
    answer = responses.setdefault(status, {"description": description})
    content = answer.setdefault("content", {}).setdefault("application/json", {})
    documented = content.get("schema")
    choices = [documented] if documented else []
    choices += [schema for schema in schemas if schema not in choices]
    content["schema"] = {"anyOf": choices} if len(choices) > 1 else choices[0]


def _schema_of(model: type[BaseModel], schemas: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template=SCHEMAS + "{model}")
    for name, definition in schema.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    return schema


def _first_line(docstring: str | None) -> str:
    """A refusal's docstring, "404: no such thing, ...", as "No such thing, ..."."""
    line = (docstring or "").strip().splitlines()[0] if docstring else ""
    _, _, said = line.partition(": ")
    return (said or line)[:1].upper() + (said or line)[1:]
