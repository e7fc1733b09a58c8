"""Demo data for `make up`: a Leeds team of link workers, then referrals from its practices."""

from __future__ import annotations

import httpx

from linkwork_devstack.stack import StackConfig
from linkwork_notifications.dev import demo_recipients
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings

TEAM = "leeds-north"
MANAGER = "mgr-leeds"
# The simulator's practices: B86001 Burley Park, B86002 Hyde Park, B86003 Chapeltown.
PRACTICES = ["B86001", "B86002", "B86003"]
LINK_WORKERS = [
    {
        "link_worker_id": "lw-amina",
        "name": "Amina Shah",
        "practices": ["B86001", "B86002"],
        "fte": 1.0,
    },
    {
        "link_worker_id": "lw-brian",
        "name": "Brian Walker",
        "practices": ["B86002", "B86003"],
        "fte": 0.6,
    },
    {
        "link_worker_id": "lw-chloe",
        "name": "Chloe Okafor",
        "practices": ["B86001", "B86003"],
        "fte": 0.8,
    },
]


def manager_token() -> str:
    secret = ServiceSettings().auth_jwt_secret
    return issue_token(secret, MANAGER, ["manager"], claims={"team_id": TEAM})


def register_recipients(config: StackConfig) -> int:
    """Contact details the notifications service needs to email the demo team and practices."""
    manager = (MANAGER, "Leeds North manager")
    details = demo_recipients.recipient_details(TEAM, manager, LINK_WORKERS, PRACTICES)
    headers = {"Authorization": f"Bearer {manager_token()}"}
    url = config.url("notifications")
    with httpx.Client(base_url=url, headers=headers, timeout=10) as client:
        return demo_recipients.register_recipients(client, details)


def register_link_workers(config: StackConfig) -> int:
    """Register the demo team (again is harmless: an existing one answers 409)."""
    headers = {"Authorization": f"Bearer {manager_token()}"}
    created = 0
    for worker in LINK_WORKERS:
        response = httpx.post(
            f"{config.url('referral')}/link-workers",
            json={**worker, "team_id": TEAM},
            headers=headers,
            timeout=10,
        )
        if response.status_code not in (201, 409):
            response.raise_for_status()
        created += response.status_code == 201
    return created
