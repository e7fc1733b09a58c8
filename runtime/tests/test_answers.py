"""Every service's OpenAPI documents what its routes answer besides success: 401 and 403 where
the access matrix says a sign-in or a role is needed, 429 where it says anyone may call, 400
for a body that cannot be read, 422 as either a request that does not parse or a refusal, and
the refusals a route declares."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI

from linkwork_runtime.access import public
from linkwork_runtime.answers import refused
from linkwork_runtime.auth import Principal, require_roles
from linkwork_runtime.refusals import Conflict, NotFound
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_runtime.settings import ServiceSettings

REFUSAL = {"$ref": "#/components/schemas/RefusalAnswer"}
UNPARSED = {"$ref": "#/components/schemas/HTTPValidationError"}
Ops = Annotated[Principal, Depends(require_roles("ops"))]


def app() -> FastAPI:
    service = create_service_app(
        ServiceDefinition(settings=ServiceSettings(), title="probe", description="probe")
    )

    @service.post("/things/{thing_id}/close", responses=refused(NotFound, Conflict))
    async def close(thing_id: str, _: Ops, note: Annotated[dict[str, Any], Body()]) -> None:
        return None

    @service.get("/open", dependencies=[public("a probe")])
    async def open_to_anyone() -> None:
        return None

    return service


def json_schema(answer: dict[str, Any]) -> Any:
    return answer["content"]["application/json"]["schema"]


def test_a_route_for_a_role_documents_401_403_its_refusals_and_both_kinds_of_422() -> None:
    answers = app().openapi()["paths"]["/things/{thing_id}/close"]["post"]["responses"]
    assert json_schema(answers["401"]) == REFUSAL
    assert json_schema(answers["403"]) == REFUSAL
    assert answers["403"]["description"] == "Not for this caller (roles: ops)"
    assert json_schema(answers["404"]) == REFUSAL
    assert answers["404"]["description"].startswith("No such thing")
    assert json_schema(answers["409"]) == REFUSAL
    assert json_schema(answers["400"])["properties"]["detail"] == {"type": "string"}
    assert json_schema(answers["422"]) == {"anyOf": [UNPARSED, REFUSAL]}


def test_a_public_route_documents_its_rate_limit_and_no_sign_in_answers() -> None:
    answers = app().openapi()["paths"]["/open"]["get"]["responses"]
    assert set(answers) == {"200", "429"}
    assert json_schema(answers["429"]) == REFUSAL
