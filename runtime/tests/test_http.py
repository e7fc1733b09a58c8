"""What every service's routes share: paging parameters and their limits, the page envelope,
a time in a query, refusals answered the same way everywhere, and the one "see it, or 404;
may, or 403" rule."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI

from linkwork_runtime.http import Paging, QueryTime, paging
from linkwork_runtime.paging import PageRequest, page_of
from linkwork_runtime.refusals import Conflict, NotFound, NotPermitted, permitted
from linkwork_runtime.service import ServiceDefinition, create_service_app
from linkwork_runtime.settings import ServiceSettings

WIDE = Annotated[PageRequest, Depends(paging(default=100, maximum=500))]


class JourneyIsClosed(Conflict):
    code = "journey_closed"


def app() -> FastAPI:
    service = create_service_app(
        ServiceDefinition(settings=ServiceSettings(), title="probe", description="probe")
    )

    @service.get("/items")
    async def items(paged: Paging) -> dict[str, Any]:
        return page_of(range(paged.skip, paged.skip + 2), 40, paged, unread=3)

    @service.get("/wide")
    async def wide(paged: WIDE) -> dict[str, int]:
        return {"per_page": paged.per_page}

    @service.get("/since")
    async def since(at: QueryTime) -> dict[str, str]:
        return {"at": at.isoformat()}

    @service.get("/closed")
    async def closed() -> None:
        raise JourneyIsClosed("journey j-1 is closed", where="journey_id")

    return service


@pytest.fixture
async def client() -> Any:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://svc") as client:
        yield client


async def test_a_page_carries_its_number_size_total_and_items(client: httpx.AsyncClient) -> None:
    body = (await client.get("/items", params={"page": 3, "per_page": 10})).json()
    assert body == {"total": 40, "unread": 3, "page": 3, "per_page": 10, "items": [20, 21]}


async def test_paging_beyond_its_limits_is_422_naming_the_parameter(
    client: httpx.AsyncClient,
) -> None:
    too_many = await client.get("/items", params={"per_page": 201})
    page_zero = await client.get("/items", params={"page": 0})
    assert too_many.status_code == 422 and too_many.json()["detail"][0]["loc"][-1] == "per_page"
    assert page_zero.status_code == 422 and page_zero.json()["detail"][0]["loc"][-1] == "page"
    assert (await client.get("/wide")).json() == {"per_page": 100}
    assert (await client.get("/wide", params={"per_page": 500})).status_code == 200


async def test_a_page_past_any_list_is_422_not_a_database_error(
    client: httpx.AsyncClient,
) -> None:
    """A skip beyond MongoDB's 64-bit ints was a 500 (found by tests/test_fuzzing.py)."""
    far = await client.get("/items", params={"page": 2_829_746_479_790_004_224})
    assert far.status_code == 422 and far.json()["detail"][0]["loc"] == ["query", "page"]
    assert (await client.get("/items", params={"page": 1_000_000})).status_code == 200


async def test_a_time_in_a_query_is_iso_8601_and_a_number_is_refused(
    client: httpx.AsyncClient,
) -> None:
    """Pydantic alone read `19.25` as seconds since 1970 (found by tests/test_fuzzing.py)."""
    number = await client.get("/since", params={"at": "19.25"})
    iso = await client.get("/since", params={"at": "2026-12-03T09:30:00Z"})
    assert number.status_code == 422
    assert number.json()["detail"][0]["loc"] == ["query", "at"]
    assert "give ISO 8601" in number.json()["detail"][0]["msg"]
    assert iso.json() == {"at": "2026-12-03T09:30:00+00:00"}


async def test_the_api_document_shows_the_paging_parameters(client: httpx.AsyncClient) -> None:
    document = (await client.get("/openapi.json")).json()
    parameters = {p["name"]: p for p in document["paths"]["/items"]["get"]["parameters"]}
    assert parameters["per_page"]["schema"]["maximum"] == 200


async def test_a_refusal_answers_its_status_code_message_and_where(
    client: httpx.AsyncClient,
) -> None:
    answer = await client.get("/closed")
    assert answer.status_code == 409
    assert answer.json() == {
        "detail": {
            "error": "journey_closed",
            "message": "journey j-1 is closed",
            "where": "journey_id",
        }
    }


def test_a_record_the_caller_may_not_see_is_not_found_and_one_they_see_is_forbidden() -> None:
    record = {"_id": "r-1", "team": "north"}

    def mine(r: dict[str, str]) -> bool:
        return r["team"] == "north"

    def never(_: dict[str, str]) -> bool:
        return False

    assert permitted(record, "referral", "r-1", sees=mine, may=mine, who="lw-a") is record
    with pytest.raises(NotPermitted, match="lw-a may not do this to referral r-1"):
        permitted(record, "referral", "r-1", sees=mine, may=never, who="lw-a")
    with pytest.raises(NotFound, match="no referral 'r-1'"):
        permitted(record, "referral", "r-1", sees=never, may=never, who="lw-a")
    with pytest.raises(NotFound):
        permitted(None, "referral", "r-1", sees=mine, may=mine, who="lw-a")
