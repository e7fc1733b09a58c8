"""Ops' one change: sending dead letters back to their topic once their cause is fixed, through
the service whose consumer kept them."""

from __future__ import annotations

from typing import Any

from linkwork_console.backends import Backends
from linkwork_console.domain.ops import ReplayChoice
from linkwork_console.domain.sessions import Session


async def replay(
    backends: Backends, session: Session, service: str, topic: str, choice: ReplayChoice
) -> Any:
    path = f"/dead-letters/{topic}/replay"
    return await getattr(backends, service).post(path, session.token, choice.body())
