"""The contact details the notifications service needs to e-mail a demo team: its link
workers, its manager and its practices (addresses at demo.linkwork.org.uk), recorded through
the service's own API (`PUT /recipients/{id}`), as a manager would."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import httpx

DEMO_DOMAIN = "demo.linkwork.org.uk"


def recipient_details(
    team: str,
    manager: tuple[str, str],
    link_workers: Iterable[Mapping[str, Any]],
    practices: Iterable[str],
) -> dict[str, dict[str, Any]]:
    """Each recipient's details by recipient id: every link worker (`link_worker_id`, `name`)
    and the manager (user id, name) of `team`, then each practice's mailbox
    (`practice:<ODS code>`)."""
    people: dict[str, dict[str, Any]] = {
        str(w["link_worker_id"]): {
            "name": w["name"],
            "email": f"{w['link_worker_id']}@{DEMO_DOMAIN}",
            "role": "link_worker",
            "team_id": team,
        }
        for w in link_workers
    }
    manager_id, manager_name = manager
    people[manager_id] = {
        "name": manager_name,
        "email": f"{manager_id}@{DEMO_DOMAIN}",
        "role": "manager",
        "team_id": team,
    }
    for ods in practices:
        people[f"practice:{ods}"] = {"email": f"{ods.lower()}@practice.{DEMO_DOMAIN}"}
    return people


def register_recipients(client: httpx.Client, details: Mapping[str, Mapping[str, Any]]) -> int:
    """Record each recipient's details through `client` (its base URL the service's, its
    headers a keeper's token); how many were recorded."""
    for recipient_id, body in details.items():
        client.put(f"/recipients/{recipient_id}", json=dict(body)).raise_for_status()
    return len(details)
