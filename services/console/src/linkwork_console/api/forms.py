"""The one way a change made on a page goes: send it to the service that owns it; on success
go to the page that shows the result (with a line saying what was done); on a refusal the
service can explain (403, 409, 422) show the page again with the NHS.UK error summary, the
message next to the field, and everything typed kept."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from fastapi.responses import Response

from linkwork_console.api.pages import see_other
from linkwork_console.backends import BackendRefused
from linkwork_console.domain.forms import FieldError, FormState, errors_from

ShowAgain = Callable[[FormState, int], Awaitable[Response]]
EXPLAINED = (403, 409, 422)


async def submit(
    change: Awaitable[Any],
    *,
    then: str,
    form_name: str,
    typed: dict[str, Any],
    fields: Iterable[str],
    show_again: ShowAgain,
    refused_as: str = "",
) -> Response:
    """Make the change, then go to `then`; or show the page again with why it was not made.

    `refused_as` opens a 403/409's sentence ("This referral could not be accepted"), so the
    service's reason reads as the answer to what the person tried."""
    try:
        await change
    except BackendRefused as refused:
        if refused.status not in EXPLAINED:
            raise
        errors = errors_from(refused.answer, fields=fields)
        if refused.status != 422 and refused_as:
            errors = [FieldError(None, f"{refused_as}: {refused.message}")]
        state = FormState(values=typed, errors=errors, name=form_name)
        return await show_again(state, refused.status)
    return see_other(then)


def invalid(form_name: str, typed: dict[str, Any], *errors: FieldError) -> FormState:
    """A form the console itself found wanting (a required choice not made) before sending."""
    return FormState(values=typed, errors=list(errors), name=form_name)
