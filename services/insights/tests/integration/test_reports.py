"""The insights service on the real broker and database: a hand-computed history of events
becomes each report's figures, small cells are suppressed, a commissioner of one PCN never
sees another's practices, and a published period gives the same figures after a rebuild."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from linkwork_devstack.builders import publish_events
from linkwork_devstack.testing import bearer, eventually, running
from linkwork_insights.app import create_app
from linkwork_insights.domain.disclosure import SUPPRESSED as S
from linkwork_insights.rebuild.replay import ready_to_serve, rebuild
from linkwork_insights.settings import Settings

from .history import history, referral

PCN_A = {"pcn_code": "U00001"}
PCN_B = {"pcn_code": "U00002"}
JAN_FEB = "from=2026-01&to=2026-02"


def commissioner(settings: Settings, **area: str) -> dict[str, str]:
    return bearer(settings, "com-leeds", "commissioner", **area)


async def report(client: httpx.AsyncClient, who: dict[str, str], path: str) -> dict[str, Any]:
    answer = await client.get(path, headers=who)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()["figures"]
    return found


async def projected(client: httpx.AsyncClient, settings: Settings) -> None:
    """Wait until every event of the history is folded in (the last of each topic)."""

    async def probe() -> tuple[Any, Any, Any]:
        who = commissioner(settings, **PCN_A)
        referrals = await report(client, who, f"/reports/referrals?{JAN_FEB}")
        outcomes = await report(client, who, "/reports/outcomes?from=2026-03&to=2026-03")
        unmet = await report(client, who, "/reports/unmet-needs?from=2026-02&to=2026-02")
        links = await report(client, who, "/reports/connections?from=2026-02&to=2026-02")
        return referrals["rows"][-1]["total"], outcomes["goals"], unmet["rows"], links["by_need"]

    def done(found: tuple[Any, Any, Any, Any]) -> bool:
        total, goals, unmet, links = found
        return (
            total == 11
            and goals["achieved"] == 5
            and unmet[-1]["total"] == 6
            and links[0]["accepted"] == 5
        )

    assert done(await eventually(probe, done, timeout=90))


async def each_report_is_as_worked_out_by_hand(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """The history's figures in every report: scoped to the caller's PCN, small cells
    suppressed with their complements, CSV on asking, a bad month named."""
    a, b = commissioner(settings, **PCN_A), commissioner(settings, **PCN_B)

    referrals_a = await report(client, a, f"/reports/referrals?{JAN_FEB}")
    assert referrals_a["rows"] == [
        {"practice": "B86001", "2026-01": 6, "2026-02": 5, "total": 11},
        {"practice": "total", "2026-01": 6, "2026-02": 5, "total": 11},
    ]
    # PCN B: 5 in January and 1 in February at B86002. The 1 is suppressed, and so is
    # the 5 beside it, and the column totals: 6 - 5 would give the 1 back.
    referrals_b = await report(client, b, f"/reports/referrals?{JAN_FEB}")
    assert referrals_b["rows"] == [
        {"practice": "B86002", "2026-01": S, "2026-02": S, "total": 6},
        {"practice": "total", "2026-01": S, "2026-02": S, "total": 6},
    ]
    # A commissioner of PCN A asking for PCN B's practice is shown nothing of it.
    asked_b = await report(client, a, f"/reports/referrals?{JAN_FEB}&practice=B86002")
    assert asked_b["rows"] == [{"practice": "total", "2026-01": 0, "2026-02": 0, "total": 0}]
    by_team = await report(
        client,
        bearer(settings, "mgr", "manager", team_id="leeds-south"),
        f"/reports/referrals?{JAN_FEB}&by=team",
    )
    assert [row["team"] for row in by_team["rows"]] == ["leeds-south", "total"]

    waits = {
        row["wait"]: row for row in (await report(client, a, f"/reports/waits?{JAN_FEB}"))["rows"]
    }
    assert waits["received_to_assigned"] | {} == {
        "wait": "received_to_assigned",
        "referrals": 11,
        "n": 11,
        "median_days": 3.0,
        "p90_days": 5.0,
        "not_reached": 0,
    }
    assert (
        waits["received_to_accepted"]["median_days"],
        waits["received_to_accepted"]["p90_days"],
    ) == (4.0, 6.0)
    assert waits["received_to_first_contact"]["median_days"] == 4.0

    outcomes = await report(client, a, "/reports/outcomes?from=2026-01&to=2026-03")
    assert outcomes["closures"] == [{"closure_reason": "goals_met", "n": 5}]
    assert outcomes["goals"] == {"set": 10, "achieved": 5, "achieved_rate": 0.5}
    (swemwbs,) = outcomes["measures"]
    assert swemwbs == {
        "instrument": "SWEMWBS",
        "scale": "total",
        "n": 5,
        "mean_change": 3.0,
        "ci95_low": 1.04,
        "ci95_high": 4.96,
        "no_follow_up": 0,
    }
    assert (await report(client, b, "/reports/outcomes?from=2026-01&to=2026-03"))["ended"] == 0

    links = await report(client, a, "/reports/connections?from=2026-01&to=2026-03")
    assert links["by_provider"][0] == {
        "provider": "org-1",
        "linked": 5,
        "accepted": 5,
        "attended": 0,
        "replies": 5,
        "reply_median_days": 2.0,
    }
    unmet = await report(client, a, "/reports/unmet-needs?from=2026-01&to=2026-02")
    assert unmet["rows"] == [
        {"need": "housing", "LS6": 6, "total": 6},
        {"need": "total", "LS6": 6, "total": 6},
    ]

    csv = await client.get(f"/reports/referrals?{JAN_FEB}", headers={**a, "Accept": "text/csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines() == [
        "practice,2026-01,2026-02,total",
        "B86001,6,5,11",
        "total,6,5,11",
    ]
    bad = await client.get("/reports/waits?from=2026-13&to=2026-02", headers=a)
    assert bad.status_code == 422 and bad.json()["detail"]["where"] == "from"
    nobody = await client.get(f"/reports/waits?{JAN_FEB}", headers=commissioner(settings))
    assert nobody.status_code == 403


async def test_reports_from_a_hand_computed_history_and_a_published_period_after_a_rebuild(
    settings: Settings,
) -> None:
    """Each report's figures from the history, then a period published, the topics replayed
    into a fresh database while the service runs, and the service restarted on it."""
    a = commissioner(settings, **PCN_A)
    body = {"report": "outcomes", "from": "2026-01", "to": "2026-03"}
    later = [
        made
        for d in (1, 2, 3, 4, 5)  # five: fewer would be suppressed
        for made in referral("B86001", datetime(2026, 3, 2, 9, tzinfo=UTC), d)[1]
    ]
    async with running(create_app(settings)) as client:
        await publish_events(settings, *history())
        await projected(client, settings)
        await each_report_is_as_worked_out_by_hand(client, settings)
        published = await client.post("/published", json=body, headers=a)
        assert published.status_code == 201, published.text
        publication = published.json()
        other = await client.get(
            f"/published/{publication['publication_id']}", headers=commissioner(settings, **PCN_B)
        )
        assert other.status_code == 404
        # The rebuild runs while the service does; what the old database takes after the
        # rebuild read the topics must reach the new one too.
        replayed: list[int] = []
        fresh = await rebuild(settings, replayed.append)
        await publish_events(settings, *later)
        march = "/reports/referrals?from=2026-03&to=2026-03"
        taken = await eventually(
            lambda: report(client, a, march), lambda found: found["rows"][-1]["total"] == 5
        )
        assert taken["rows"][-1]["total"] == 5  # by the old database's service
    assert sum(replayed) >= len(history())
    switched = await ready_to_serve(settings)
    assert switched.mongodb_database == fresh != settings.mongodb_database
    async with running(create_app(switched)) as client:
        again = await client.get(f"/published/{publication['publication_id']}", headers=a)
        assert again.status_code == 200
        assert again.json()["figures"] == publication["figures"]
        live = await report(client, a, "/reports/outcomes?from=2026-01&to=2026-03")
        assert live == publication["figures"]
        assert (await report(client, a, march))["rows"][-1]["total"] == 5
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(settings.mongodb_uri)
    try:
        stored = await mongo[fresh]["referrals"].find({}).to_list()
    finally:
        await mongo.close()
    assert len(stored) == 22  # the history's 17 and the 5 after the rebuild
    # No person: no names, NHS numbers, birth dates or full postcodes in what is kept.
    assert not any(
        k in doc for doc in stored for k in ("person", "nhs_number", "birth_date", "postcode")
    )
    assert {doc["age_band"] for doc in stored} == {"75+"} and {
        doc["district"] for doc in stored
    } == {"LS6"}
