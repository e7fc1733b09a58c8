"""Demo data for `make up`: a Leeds team of link workers, referrals from its practices, and one
journey with a day's work on it."""

from __future__ import annotations

import asyncio
import time

import httpx

from linkwork_devstack.stack import StackConfig
from linkwork_journey.dev import demo_journey
from linkwork_notifications.dev import demo_recipients
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings

TEAM = "leeds-north"
MANAGER = "mgr-leeds"
# Leeds North's postcode catchment: Headingley and Hyde Park (LS6), Adel and Cookridge
# (LS16), Chapeltown (LS7). A referral no practice routes, from a postcode in one of these,
# goes to the team; from anywhere else, to triage.
CATCHMENT = ["LS6", "LS16", "LS7"]
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
    secret = ServiceSettings().development_secret
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
    """Register the demo team and set its catchment (again is harmless: an existing link
    worker answers 409, the same catchment changes nothing)."""
    headers = {"Authorization": f"Bearer {manager_token()}"}
    httpx.put(
        f"{config.url('referral')}/teams/{TEAM}/catchment",
        json={"entries": CATCHMENT},
        headers=headers,
        timeout=10,
    ).raise_for_status()
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


def token(sub: str, role: str) -> str:
    secret = ServiceSettings().development_secret
    return issue_token(secret, sub, [role], claims={"team_id": TEAM})


def start_demo_journey(config: StackConfig, link_worker: str = "lw-amina") -> str | None:
    """One of the link worker's referrals reached, accepted and a day's work recorded on its
    journey, so the journey pages have something to show. Once: a link worker who already
    has an open journey is left as they are. The journey's id, or None if none was started
    (no referral assigned to them within the wait)."""
    headers = {"Authorization": f"Bearer {token(link_worker, 'link_worker')}"}
    with httpx.Client(headers=headers, timeout=10) as client:
        journeys = f"{config.url('journey')}/journeys"
        if client.get(journeys, params={"status": "open"}).json()["total"]:
            return None
        referral_id = _assigned_referral(client, config, link_worker)
        if referral_id is None:
            return None
        referral = f"{config.url('referral')}/referrals/{referral_id}"
        attempt = {"method": "phone", "outcome": "reached"}
        client.post(f"{referral}/contact-attempts", json=attempt).raise_for_status()
        client.post(f"{referral}/accept").raise_for_status()
        journey_id = _started_journey(client, journeys, referral_id)
    if journey_id is not None:
        asyncio.run(_walk(journeys, journey_id, headers))
    return journey_id


def _assigned_referral(client: httpx.Client, config: StackConfig, who: str) -> str | None:
    caseload = f"{config.url('referral')}/link-workers/{who}/caseload"
    for _ in range(_WAITS):
        assigned = [r for r in client.get(caseload).json()["open"] if r["status"] == "assigned"]
        if assigned:
            return str(min(assigned, key=lambda r: r["received_at"])["referral_id"])
        time.sleep(0.5)
    return None


def _started_journey(client: httpx.Client, journeys: str, referral_id: str) -> str | None:
    for _ in range(_WAITS):
        items = client.get(journeys, params={"referral_id": referral_id}).json()["items"]
        if items:
            return str(items[0]["journey_id"])
        time.sleep(0.5)
    return None


async def _walk(journeys: str, journey_id: str, headers: dict[str, str]) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        await demo_journey.walk_demo_day(client, f"{journeys}/{journey_id}", headers)


_WAITS = 60  # half-seconds: the seeded referrals are assigned moments after they are sent


# Two people refer themselves: one in Leeds North's catchment (assigned to its link worker
# with most room), one from Wakefield, outside every catchment (in triage for a manager).
SELF_REFERRALS = [
    {
        "form_id": "demo-self-referral-ls6",
        "given_name": "Pat",
        "family_name": "Oduya",
        "birth_date": "1961-04-09",
        "postcode": "LS6 2QR",
        "phone": "07700 900321",
        "needs": ["loneliness", "money_and_debt"],
        "help_with": "Since my husband died I hardly see anyone, and the bills worry me",
        "consent_to_contact": True,
    },
    {
        "form_id": "demo-self-referral-wf1",
        "given_name": "Dev",
        "family_name": "Karimi",
        "birth_date": "1990-11-23",
        "postcode": "WF1 2AA",
        "email": "dev.karimi@example.com",
        "needs": ["employment"],
        "help_with": "I lost my job in the spring and would like help getting back to work",
        "consent_to_contact": True,
    },
]


def send_self_referrals(config: StackConfig) -> int:
    """The two demo self-referrals, over the public door (again is harmless: each form's id
    makes it one referral)."""
    sent = 0
    for form in SELF_REFERRALS:
        response = httpx.post(f"{config.url('referral')}/self-referrals", json=form, timeout=10)
        response.raise_for_status()
        sent += 1
    return sent
