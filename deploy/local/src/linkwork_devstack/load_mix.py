"""What a load run asks of the referral service's HTTP API, as its users ask it: GP systems
submit referrals (JSON and FHIR BaRS; one in twenty with a broken NHS number), the demo
team's manager pages through the team's referrals and link workers, opens a referral's
history and records contact attempts, a link worker opens their caseload, a practice lists
the referrals it made."""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from linkwork_devstack import demo
from linkwork_referral.dev.simulated_bars import bars_bundle
from linkwork_referral.dev.simulator import PRACTICES, submission
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings

INVALID_SHARE = 0.05  # GP systems do send broken NHS numbers: the 422 path is exercised
WORKABLE = frozenset({"assigned", "accepted"})  # where a contact attempt may be recorded
LIST_STATUSES = [None, None, "assigned", "awaiting_capacity", "accepted"]
ORDERS = ["newest", "waiting", "due"]


def _bearer(sub: str, roles: list[str], **claims: str) -> dict[str, str]:
    token = issue_token(ServiceSettings().development_secret, sub, roles, claims=claims)
    return {"Authorization": f"Bearer {token}"}


@dataclass
class Users:
    """Development tokens of the people and systems in the mix (the demo team's)."""

    gp_system: dict[str, str] = field(default_factory=lambda: _bearer("gp-emis", ["integration"]))
    manager: dict[str, str] = field(
        default_factory=lambda: _bearer(demo.MANAGER, ["manager"], team_id=demo.TEAM)
    )
    link_worker: dict[str, str] = field(
        default_factory=lambda: _bearer("lw-amina", ["link_worker"], team_id=demo.TEAM)
    )
    practices: dict[str, dict[str, str]] = field(
        default_factory=lambda: {
            ods: _bearer(f"practice-{ods}", ["practice"], ods_code=ods) for ods, _ in PRACTICES
        }
    )


@dataclass
class Seen:
    """Referral ids the run has learnt from answers, bounded so the generator keeps still."""

    referrals: deque[str] = field(default_factory=lambda: deque(maxlen=500))
    workable: deque[str] = field(default_factory=lambda: deque(maxlen=200))

    def learn(self, items: Iterable[dict[str, Any]]) -> None:
        for item in items:
            self.referrals.append(item["referral_id"])
            if item.get("status") in WORKABLE:
                self.workable.append(item["referral_id"])


@dataclass
class Context:
    client: httpx.AsyncClient
    users: Users
    seen: Seen
    rng: random.Random


# None: nothing to act on yet (no referral learnt of); the client chooses again.
Call = Callable[[Context], Awaitable[httpx.Response | None]]


@dataclass(frozen=True)
class Operation:
    """One kind of request; `refusals` are the 4xx answers that are right for it."""

    kind: str
    weight: int
    call: Call
    refusals: frozenset[int] = frozenset()


async def submit_json(ctx: Context) -> httpx.Response:
    document = submission(ctx.rng, invalid=ctx.rng.random() < INVALID_SHARE, now=datetime.now(UTC))
    return _learnt(
        ctx, await ctx.client.post("/referrals", json=document, headers=ctx.users.gp_system)
    )


async def submit_bars(ctx: Context) -> httpx.Response:
    document = submission(ctx.rng, invalid=ctx.rng.random() < INVALID_SHARE, now=datetime.now(UTC))
    bundle = bars_bundle(document, ctx.rng)
    return await ctx.client.post("/fhir/$process-message", json=bundle, headers=ctx.users.gp_system)


async def list_team_referrals(ctx: Context) -> httpx.Response:
    rng = ctx.rng
    wanted = {"status": rng.choice(LIST_STATUSES), "order": rng.choice(ORDERS)}
    params = {k: v for k, v in wanted.items() if v} | {
        "page": rng.randint(1, 3),
        "per_page": rng.choice([20, 50]),
    }
    if rng.random() < 0.2:
        params["overdue"] = "true"
    answer = await ctx.client.get("/referrals", params=params, headers=ctx.users.manager)
    if answer.is_success:
        ctx.seen.learn(answer.json()["items"])
    return answer


async def list_practice_referrals(ctx: Context) -> httpx.Response:
    practice = ctx.rng.choice(list(ctx.users.practices.values()))
    return await ctx.client.get("/referrals", params={"per_page": 20}, headers=practice)


async def open_referral(ctx: Context) -> httpx.Response | None:
    if not ctx.seen.referrals:
        return None
    referral_id = ctx.rng.choice(ctx.seen.referrals)
    return await ctx.client.get(f"/referrals/{referral_id}", headers=ctx.users.manager)


async def record_contact_attempt(ctx: Context) -> httpx.Response | None:
    if not ctx.seen.workable:
        return None
    referral_id = ctx.rng.choice(ctx.seen.workable)
    attempt = {"method": "phone", "outcome": ctx.rng.choice(["no_answer", "left_message"])}
    url = f"/referrals/{referral_id}/contact-attempts"
    return await ctx.client.post(url, json=attempt, headers=ctx.users.manager)


async def open_caseload(ctx: Context) -> httpx.Response:
    return await ctx.client.get("/link-workers/lw-amina/caseload", headers=ctx.users.link_worker)


async def list_link_workers(ctx: Context) -> httpx.Response:
    return await ctx.client.get("/link-workers", headers=ctx.users.manager)


def _learnt(ctx: Context, answer: httpx.Response) -> httpx.Response:
    if answer.status_code == 201:
        ctx.seen.referrals.append(answer.json()["referral_id"])
    return answer


async def prime(ctx: Context) -> None:
    """Something for every kind to act on: a referral of the team's submitted, and the team's
    assigned referrals (on which contact attempts are recorded) learnt."""
    document = submission(ctx.rng, now=datetime.now(UTC))
    _learnt(ctx, await ctx.client.post("/referrals", json=document, headers=ctx.users.gp_system))
    params: dict[str, str | int] = {"status": "assigned", "per_page": 50}
    answer = await ctx.client.get("/referrals", params=params, headers=ctx.users.manager)
    if answer.is_success:
        ctx.seen.learn(answer.json()["items"])


class Schedule:
    """Which kind of request comes next, for all clients together: smooth weighted round
    robin, so each kind gets its share and every kind is made within the first dozen
    requests, however short the run."""

    def __init__(self, mix: list[Operation]) -> None:
        self.mix = mix
        self.credit = [0] * len(mix)
        self.total = sum(op.weight for op in mix)

    def next(self) -> Operation:
        self.credit = [credit + op.weight for credit, op in zip(self.credit, self.mix, strict=True)]
        chosen = max(range(len(self.mix)), key=self.credit.__getitem__)
        self.credit[chosen] -= self.total
        return self.mix[chosen]


MIX = [
    Operation("submit referral (JSON)", 10, submit_json, frozenset({422})),
    Operation("submit referral (BaRS)", 5, submit_bars, frozenset({422})),
    # The referral may have moved on (withdrawn, declined) since it was last listed.
    Operation("record contact attempt", 5, record_contact_attempt, frozenset({409})),
    Operation("list team referrals", 25, list_team_referrals),
    Operation("list practice referrals", 5, list_practice_referrals),
    Operation("open referral", 30, open_referral),
    Operation("open caseload", 10, open_caseload),
    Operation("list link workers", 10, list_link_workers),
]
