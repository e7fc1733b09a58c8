"""A link worker's and a manager's changes to a journey's care record, each one request to
the journey service: raising, reviewing and removing risk flags; adding and correcting case
notes (the bodies as the service takes them: `domain/care_record_forms` reads them from the
page's forms)."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.sessions import Session


def _path(journey_id: str, step: str) -> str:
    return f"/journeys/{journey_id}/{step}"


async def raise_flag(
    backends: Backends, session: Session, journey_id: str, body: dict[str, Any]
) -> Any:
    return await backends.journey.post(_path(journey_id, "risk-flags"), session.token, body)


async def review_flag(
    backends: Backends, session: Session, journey_id: str, flag_id: str, body: dict[str, Any]
) -> Any:
    path = _path(journey_id, f"risk-flags/{flag_id}/review")
    return await backends.journey.post(path, session.token, body)


async def remove_flag(
    backends: Backends, session: Session, journey_id: str, flag_id: str, body: dict[str, Any]
) -> Any:
    path = _path(journey_id, f"risk-flags/{flag_id}/remove")
    return await backends.journey.post(path, session.token, body)


async def add_note(
    backends: Backends, session: Session, journey_id: str, body: dict[str, Any]
) -> Any:
    return await backends.journey.post(_path(journey_id, "notes"), session.token, body)


async def correct_note(
    backends: Backends, session: Session, journey_id: str, note_id: str, body: dict[str, Any]
) -> Any:
    path = _path(journey_id, f"notes/{note_id}/correct")
    return await backends.journey.post(path, session.token, body)
