"""An accepted referral starts exactly one journey, read only by whom it concerns."""

from __future__ import annotations

from linkwork_devstack.builders import Story, publish_events
from linkwork_devstack.testing import bearer, eventually, read_topic, running
from linkwork_journey.app import create_app
from linkwork_journey.settings import Settings
from linkwork_runtime.unit_of_work import OUTBOX
from linkwork_schemas import parse_event, topics
from linkwork_schemas.common import Urgency
from linkwork_schemas.journey import JourneyStarted

TEAM = "team-leeds"


async def test_acceptance_delivered_twice_or_repeated_starts_one_journey(
    settings: Settings,
) -> None:
    story = Story("lw-amina", TEAM)
    referral_id = story.referral_id
    first = story.accepted(urgency=Urgency.URGENT)
    repeated = story.accepted(urgency=Urgency.URGENT)  # a second, distinct acceptance of it
    app = create_app(settings)
    async with running(app) as client:
        await publish_events(settings, first, first, repeated)  # one key: consumed in order
        amina = bearer(settings, "lw-amina", "link_worker")
        timeline = await eventually(
            lambda: client.get(f"/referrals/{referral_id}/timeline", headers=amina),
            # 404 until the journey has started: then she may read the referral's story.
            lambda r: (
                r.status_code == 200
                and str(repeated.event_id) in {e["event_id"] for e in r.json()["entries"]}
            ),
        )
        listing = await client.get("/journeys", params={"referral_id": referral_id}, headers=amina)
        outbox = app.state.runtime.db[OUTBOX]
        await eventually(lambda: outbox.count_documents({"sent_at": None}), lambda n: n == 0)
        recorded = await outbox.count_documents({"topic": topics.JOURNEY_EVENTS})
    records = await read_topic(
        settings.kafka_bootstrap_servers,
        settings.topic(topics.JOURNEY_EVENTS),
        until=lambda records: len(records) >= recorded,
    )

    assert listing.json()["total"] == 1
    journey = listing.json()["items"][0]
    assert journey["status"] == "open"
    assert (journey["link_worker_id"], journey["team_id"]) == ("lw-amina", "team-leeds")
    assert journey["person"]["nhs_number"] == "9434765919"
    assert recorded == 1 and len(records) == 1
    started = parse_event(records[0].value)
    assert isinstance(started, JourneyStarted)
    assert started.payload.journey_id == journey["journey_id"]
    assert records[0].key == journey["journey_id"].encode()
    assert started.payload.started_at == first.payload.accepted_at
    assert started.causation_id == str(first.event_id)
    assert started.correlation_id == first.correlation_id
    assert [e["text"] for e in timeline.json()["entries"]] == [
        "Referral accepted by link worker lw-amina",
        "Referral accepted by link worker lw-amina",
        "Journey started",
    ]


TEAMS = {"mgr-leeds": "team-leeds", "mgr-york": "team-york"}  # mgr-all has no team


async def test_a_journey_is_read_by_its_link_worker_and_their_team_manager(
    settings: Settings,
) -> None:
    def as_(sub: str, role: str) -> dict[str, str]:
        team = {"team_id": TEAMS[sub]} if sub in TEAMS else {}
        return bearer(settings, sub, role, **team)

    app = create_app(settings)
    async with running(app) as client:
        await publish_events(settings, Story("lw-amina", TEAM).accepted(urgency=Urgency.URGENT))
        own = await eventually(
            lambda: client.get("/journeys", headers=as_("lw-amina", "link_worker")),
            lambda r: r.json()["total"] == 1,
        )
        journey_id = own.json()["items"][0]["journey_id"]

        async def listed(sub: str, role: str, **query: str) -> tuple[int, int | None]:
            response = await client.get("/journeys", params=query, headers=as_(sub, role))
            return response.status_code, response.json().get("total")

        async def read(sub: str, role: str) -> int:
            response = await client.get(f"/journeys/{journey_id}", headers=as_(sub, role))
            return response.status_code

        assert await listed("lw-amina", "link_worker", status="open") == (200, 1)
        assert await listed("lw-amina", "link_worker", status="closed") == (200, 0)
        assert await read("lw-amina", "link_worker") == 200
        assert await listed("lw-bob", "link_worker") == (200, 0)
        assert await listed("lw-bob", "link_worker", link_worker="lw-amina") == (200, 0)
        assert await read("lw-bob", "link_worker") == 404
        assert await listed("mgr-leeds", "manager", link_worker="lw-amina") == (200, 1)
        assert await read("mgr-leeds", "manager") == 200
        assert await listed("mgr-york", "manager") == (200, 0)
        assert await read("mgr-york", "manager") == 404
        assert (await listed("mgr-all", "manager"))[0] == 403  # no team claim: no team
        assert (await listed("prov-1", "provider"))[0] == 403
        assert await read("prov-1", "provider") == 403


async def test_journeys_are_listed_a_page_at_a_time(settings: Settings) -> None:
    manager = bearer(settings, "mgr-leeds", "manager", team_id=TEAM)
    async with running(create_app(settings)) as client:
        await publish_events(settings, *(Story("lw-amina", TEAM).accepted() for _ in range(3)))
        await eventually(
            lambda: client.get("/journeys", headers=manager), lambda r: r.json()["total"] == 3
        )
        first = await client.get("/journeys", params={"per_page": 2}, headers=manager)
        second = await client.get("/journeys", params={"per_page": 2, "page": 2}, headers=manager)
        too_many = await client.get("/journeys", params={"per_page": 201}, headers=manager)

    assert first.status_code == 200, first.text
    assert {k: v for k, v in first.json().items() if k != "items"} == {
        "total": 3,
        "page": 1,
        "per_page": 2,
    }
    assert (second.json()["page"], len(second.json()["items"])) == (2, 1)
    listed = [j["journey_id"] for j in first.json()["items"] + second.json()["items"]]
    assert len(set(listed)) == 3
    assert too_many.status_code == 422
