"""What the referral service's handler-tier tests share: a link worker registered through
the action, a simulated GP submission from a practice she serves, and who is calling."""

from __future__ import annotations

import json
import random
from typing import Any

from linkwork_devstack.handler_tier import HandlerTier
from linkwork_referral.actions import link_workers
from linkwork_referral.actions.commands import NewLinkWorker
from linkwork_referral.dev.simulator import submission
from linkwork_referral.settings import Settings
from linkwork_runtime.auth import Principal

PRACTICE = "B86001"
TEAM = "leeds-north"
MANAGER = Principal(sub="mgr-1", roles=frozenset({"manager"}), team_id=TEAM)


def link_worker(sub: str = "lw-amina") -> Principal:
    return Principal(sub=sub, roles=frozenset({"link_worker"}), team_id=TEAM)


async def register(
    tier: HandlerTier, settings: Settings, link_worker_id: str = "lw-amina", cap: int = 5
) -> None:
    new = NewLinkWorker(
        link_worker_id=link_worker_id,
        name=link_worker_id.title(),
        practices=[PRACTICE],
        caseload_cap=cap,
    )
    await tier.run(lambda tx: link_workers.register(tx, new, MANAGER, settings))


def referral_from_practice(seed: int, **patient: Any) -> dict[str, Any]:
    document = submission(random.Random(seed))
    document["referrer"]["ods_code"] = PRACTICE
    document["patient"].update(patient)
    return document


def encoded(document: dict[str, Any]) -> bytes:
    return json.dumps(document).encode()
