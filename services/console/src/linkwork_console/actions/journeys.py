"""A link worker's and a manager's changes to a journey, each one request to the journey
service (the body as the service takes it: `domain/journey_forms` and `domain/measures` read
it from the page's forms)."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


def _path(journey_id: str, step: str) -> str:
    return f"/journeys/{journey_id}/{step}"


async def assess_needs(
    backends: Backends, session: Session, journey_id: str, body: dict[str, Any]
) -> Any:
    return await backends.journey.post(_path(journey_id, "assessments"), session.token, body)


async def set_goal(
    backends: Backends, session: Session, journey_id: str, body: dict[str, Any]
) -> Any:
    return await backends.journey.post(_path(journey_id, "goals"), session.token, body)


async def move_goal(
    backends: Backends,
    session: Session,
    journey_id: str,
    goal_id: str,
    step: str,
    body: dict[str, Any],
) -> Any:
    """`progress`, `achieve` or `abandon` an open goal."""
    path = _path(journey_id, f"goals/{goal_id}/{step}")
    return await backends.journey.post(path, session.token, body)


async def log_contact(
    backends: Backends, session: Session, journey_id: str, body: dict[str, Any]
) -> Any:
    return await backends.journey.post(_path(journey_id, "contacts"), session.token, body)


async def book_appointment(
    backends: Backends, session: Session, journey_id: str, body: dict[str, Any]
) -> Any:
    return await backends.journey.post(_path(journey_id, "appointments"), session.token, body)


async def cancel_appointment(
    backends: Backends, session: Session, journey_id: str, appointment_id: str, reason: str
) -> Any:
    path = _path(journey_id, f"appointments/{appointment_id}/cancel")
    return await backends.journey.post(path, session.token, {"reason": reason})


async def check_in(
    backends: Backends, session: Session, journey_id: str, appointment_id: str, body: dict[str, Any]
) -> Any:
    """Lone working: at the door of a visit (`expected_end` optional)."""
    path = _path(journey_id, f"appointments/{appointment_id}/check-in")
    return await backends.journey.post(path, session.token, body)


async def check_out(
    backends: Backends, session: Session, journey_id: str, appointment_id: str
) -> Any:
    path = _path(journey_id, f"appointments/{appointment_id}/check-out")
    return await backends.journey.post(path, session.token, {})


async def record_measure(
    backends: Backends, session: Session, journey_id: str, body: dict[str, Any]
) -> Any:
    return await backends.journey.post(_path(journey_id, "measures"), session.token, body)


async def close(backends: Backends, session: Session, journey_id: str, reason: str) -> Any:
    body = {"reason": reason}
    return await backends.journey.post(_path(journey_id, "close"), session.token, body)
