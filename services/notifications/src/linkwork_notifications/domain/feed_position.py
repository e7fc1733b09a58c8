"""Where a stream of the live feed resumes: the Last-Event-ID a client sends back is the
sequence number of the last feed item it received."""

from __future__ import annotations

from linkwork_runtime.refusals import Refusal


class NotASequenceNumber(Refusal):
    """400: the Last-Event-ID sent is not one the feed gave out."""

    code = "bad_request"


def resume_after(last_event_id: str) -> int:
    """The sequence number a stream resumes after."""
    if not last_event_id.isdigit():
        raise NotASequenceNumber("Last-Event-ID is a number")
    return int(last_event_id)


def missed_some(after: int, oldest_kept: int | None) -> bool:
    """Whether items after `after` have expired before the client came back for them."""
    return oldest_kept is not None and after < oldest_kept - 1
