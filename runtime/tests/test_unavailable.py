"""A request the database could not complete in time is answered 503 with Retry-After and a
message saying whether the change may have been made, never a 500 with the driver's words
(found by `linkwork-dev load`: concurrent submissions conflicting past pymongo's
transaction budget answered 500)."""

from __future__ import annotations

import json

import pytest
from pymongo.errors import NetworkTimeout, OperationFailure
from starlette.requests import Request

from linkwork_runtime.service import _unavailable_answer


def request() -> Request:
    return Request({"type": "http", "method": "POST", "path": "/referrals", "headers": []})


def conflict(*labels: str) -> OperationFailure:
    failure = OperationFailure(
        "WriteConflict error: this operation conflicted with another operation",
        code=112,
        details={"errorLabels": list(labels)},
    )
    return failure


async def test_a_transaction_still_conflicting_after_its_retries_is_503_nothing_changed() -> None:
    answer = await _unavailable_answer(request(), conflict("TransientTransactionError"))

    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "5"
    body = json.loads(bytes(answer.body))
    assert body["detail"]["error"] == "database_unavailable"
    assert "nothing was changed" in body["detail"]["message"]
    assert "WriteConflict" not in bytes(answer.body).decode()


async def test_a_commit_the_database_did_not_confirm_says_it_may_have_been_made() -> None:
    unconfirmed = NetworkTimeout("timed out", errors={"errorLabels": []})
    unconfirmed._add_error_label("UnknownTransactionCommitResult")

    answer = await _unavailable_answer(request(), unconfirmed)

    assert answer.status_code == 503
    assert "it may have been made" in json.loads(bytes(answer.body))["detail"]["message"]


async def test_a_database_error_that_is_not_transient_is_raised_as_the_bug_it_is() -> None:
    with pytest.raises(OperationFailure):
        await _unavailable_answer(request(), conflict())
