"""The demo team's contact details: every link worker, the manager and each practice's
mailbox, at demo addresses, recorded through the recipients API."""

from __future__ import annotations

import json

import httpx

from linkwork_notifications.dev.demo_recipients import recipient_details, register_recipients

WORKERS = [
    {"link_worker_id": "lw-amina", "name": "Amina Shah", "practices": ["B86001"], "fte": 1.0},
    {"link_worker_id": "lw-brian", "name": "Brian Walker", "practices": ["B86002"], "fte": 0.6},
]


def test_the_demo_team_its_manager_and_its_practices_get_demo_addresses() -> None:
    details = recipient_details(
        "leeds-north", ("mgr-leeds", "Leeds North manager"), WORKERS, ["B86001", "B86002"]
    )

    assert details == {
        "lw-amina": {
            "name": "Amina Shah",
            "email": "lw-amina@demo.linkwork.org.uk",
            "role": "link_worker",
            "team_id": "leeds-north",
        },
        "lw-brian": {
            "name": "Brian Walker",
            "email": "lw-brian@demo.linkwork.org.uk",
            "role": "link_worker",
            "team_id": "leeds-north",
        },
        "mgr-leeds": {
            "name": "Leeds North manager",
            "email": "mgr-leeds@demo.linkwork.org.uk",
            "role": "manager",
            "team_id": "leeds-north",
        },
        "practice:B86001": {"email": "b86001@practice.demo.linkwork.org.uk"},
        "practice:B86002": {"email": "b86002@practice.demo.linkwork.org.uk"},
    }


def test_each_recipient_is_put_through_the_recipients_api() -> None:
    put: list[tuple[str, str, dict[str, object]]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        put.append((request.method, request.url.path, json.loads(request.content)))
        return httpx.Response(200, json={})

    details = recipient_details("leeds-north", ("mgr-leeds", "Manager"), WORKERS[:1], ["B86001"])
    with httpx.Client(base_url="http://notifications", transport=httpx.MockTransport(answer)) as c:
        recorded = register_recipients(c, details)

    assert recorded == 3
    assert put == [
        ("PUT", f"/recipients/{recipient_id}", body) for recipient_id, body in details.items()
    ]
