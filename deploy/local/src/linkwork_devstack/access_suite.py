"""The access-control suite, generated from the routes: for every route of a deployable that
confines its callers (`linkwork_runtime.access.confined`) and each role it confines, party A
owns a record, then a caller of the same role of party B (and one whose token names no party
at all) is answered as the route declares, and A's own caller is served (the control that
lets the test fail). Each service's suite says, per route, how to make A's record and how to
call the route about it (a `Call`); a confined route with no `Call` fails the suite by name.

    CASES = access_suite.cases(deployable_app("referral"))

    @pytest.mark.parametrize("case", CASES, ids=str)
    async def test_another_partys_caller_is_refused(case: Case, world: World) -> None:
        await access_suite.check(case, CALLS[case.route], world, world.send)
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

import httpx
import jwt
from fastapi import FastAPI

from linkwork_devstack.builders import Story
from linkwork_notifications.domain.notification import AudienceKind, inbox_id
from linkwork_runtime.access import Party, Refused, access_matrix
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import Event
from linkwork_schemas.common import Referrer, Urgency
from linkwork_schemas.directory import ServiceLinked
from linkwork_schemas.referral import ReferralAwaitingCapacity, ReferralOutcomeReported

# The two parties of every kind: A owns the records, B is the stranger.
TEAM_A, TEAM_B = "leeds-north", "leeds-south"
PRACTICE_A, PRACTICE_B = "B86001", "B86002"
# Organisations as the directory names them (ORUK ids are UUIDs).
ORGANISATION_A = "0a6f2c1e-5b7d-4e0a-9c3f-00000000000a"
ORGANISATION_B = "0a6f2c1e-5b7d-4e0a-9c3f-00000000000b"
LINK_WORKER_A, LINK_WORKER_B = "lw-a", "lw-b"
# Primary care networks of the insights sample (practice A is in PCN A, practice B in PCN B).
PCN_A, PCN_B = "U00001", "U00002"
SHORT = {
    "link_worker": "lw",
    "manager": "mgr",
    "practice": "gp",
    "provider": "prov",
    "information_governance": "ig",
    "commissioner": "com",
}
CLAIM = {
    Party.TEAM: "team_id",
    Party.PRACTICE: "ods_code",
    Party.ORGANISATION: "organization_id",
    Party.AREA: "pcn_code",
}
PARTY_OF = {
    Party.TEAM: (TEAM_A, TEAM_B),
    Party.PRACTICE: (PRACTICE_A, PRACTICE_B),
    Party.ORGANISATION: (ORGANISATION_A, ORGANISATION_B),
    Party.AREA: (PCN_A, PCN_B),
}
W = TypeVar("W")


@dataclass(frozen=True)
class Caller:
    """Who calls: a user id, one role, and the claims that place them in a party."""

    sub: str
    role: str
    claims: Mapping[str, str] = field(default_factory=dict)

    def headers(self, settings: ServiceSettings) -> dict[str, str]:
        token = issue_token(settings.development_secret, self.sub, [self.role], claims=self.claims)
        return {"Authorization": f"Bearer {token}"}

    def __str__(self) -> str:
        claims = ", ".join(f"{k}={v!r}" for k, v in self.claims.items())
        return f"{self.role} {self.sub} ({claims or 'no claims'})"


def caller(role: str, party: Party, side: str) -> Caller:
    """The caller of `role` on `side` "a" or "b" of `party`, or "none": B whose token names
    no party of that kind (an empty claim). A link worker's and a manager's token names team
    A unless the party is the team: a caseload's boundary, or one's own, is the person."""
    sub = f"{SHORT.get(role, role)}-{'a' if side == 'a' else 'b'}"
    claims = {"team_id": TEAM_A} if role in ("link_worker", "manager") else {}
    if party in CLAIM:
        a, b = PARTY_OF[party]
        claims[CLAIM[party]] = {"a": a, "b": b, "none": ""}[side]
    return Caller(sub, role, claims)


@dataclass(frozen=True)
class Case:
    """One route, one role it confines, the party that role is confined to, and how another
    party's caller must be answered."""

    route: str  # "METHOD /path"
    role: str
    party: Party
    refused: Refused

    @property
    def method(self) -> str:
        return self.route.split(" ", 1)[0]

    @property
    def path(self) -> str:
        return self.route.split(" ", 1)[1]

    @property
    def owner(self) -> Caller:
        return caller(self.role, self.party, "a")

    def strangers(self) -> list[Caller]:
        """B, and for a party named by a claim, B whose token has none (no team, not every)."""
        claimless = [caller(self.role, self.party, "none")] if self.party in CLAIM else []
        return [caller(self.role, self.party, "b"), *claimless]

    def __str__(self) -> str:
        if self.party is Party.SELF:
            return f"{self.route} as another {self.role}"
        if self.party is Party.EVERY:
            return f"{self.route} as {self.role}, of no team"
        return f"{self.route} as {self.role} of another {self.party.value}"


def cases(app: FastAPI) -> list[Case]:
    """Every (route, role) of `app` whose callers are confined to their own party's records."""
    return [case for case in _confined(app) if case.party is not Party.EVERY]


def every_partys(app: FastAPI) -> list[Case]:
    """Every (route, role) of `app` whose callers reach every party's records by their role
    (information governance's reads): A's record is theirs to read too."""
    return [case for case in _confined(app) if case.party is Party.EVERY]


def changes_refused_to(app: FastAPI, role: str) -> list[Case]:
    """Every confined route of `app` that changes something and does not admit `role`: a
    caller of that role, of no party, is refused (403) and A's record is kept."""
    seen: dict[str, Case] = {}
    for case in _confined(app):
        if case.method != "GET" and case.route not in seen:
            seen[case.route] = Case(case.route, role, Party.EVERY, Refused.FORBIDDEN)
    admitting = {c.route for c in _confined(app) if c.role == role}
    return [case for route, case in sorted(seen.items()) if route not in admitting]


def _confined(app: FastAPI) -> list[Case]:
    return [
        Case(f"{row.method} {row.path}", role, party, boundary.refused)
        for row in access_matrix(app)
        if row.access is not None
        for boundary in [row.access.boundary]
        if boundary is not None and boundary.refused is not None
        for role, party in boundary.parties
        if not row.access.roles or role in row.access.roles
    ]


@dataclass(frozen=True)
class Owned:
    """A record of party A's: the route's path parameters for it (and any other ids a call
    needs); the first is the id by which an answer shows it."""

    ids: Mapping[str, str]

    @property
    def marker(self) -> str:
        return f'"{next(iter(self.ids.values()))}"'  # as a JSON string: "lw-a" is not "lw-a2"


def shows_by_id(answer: httpx.Response, owned: Owned) -> bool:
    return owned.marker in answer.text


@dataclass(frozen=True)
class Call(Generic[W]):
    """How to reach a route about a record of party A's: `make` makes a fresh one in the
    suite's world (for the case at hand), `body` is what to send, `shows` whether an answer
    (of a list or a count) shows it, and `kept` whether the record is as it was (for a
    change to "all of mine", whose answer names nothing); `query`, the query string's
    parameters (a subject access request names its person so)."""

    make: Callable[[W, Case], Awaitable[Owned]]
    body: Callable[[Owned], Any] | None = None
    query: Callable[[Owned], Mapping[str, Any]] | None = None
    shows: Callable[[httpx.Response, Owned], bool] = shows_by_id
    kept: Callable[[W, Owned], Awaitable[bool]] | None = None

    def request(self, case: Case, owned: Owned) -> dict[str, Any]:
        body = self.body(owned) if self.body is not None else None
        return {
            "method": case.method,
            "url": case.path.format(**owned.ids),
            **({"json": body} if body is not None else {}),
            **({"params": self.query(owned)} if self.query is not None else {}),
        }


Send = Callable[[Caller, Mapping[str, Any]], Awaitable[httpx.Response]]


def succeeded(answer: httpx.Response) -> bool:
    return answer.is_success


async def check(
    case: Case,
    call: Call[W],
    world: W,
    send: Send,
    served: Callable[[httpx.Response], bool] = succeeded,
) -> None:
    """B (and B without a party claim) answered as `case` declares, A's record kept; then A
    `served`, and shown their record by a list. Steps are taken in that order (B's must
    leave A's to take); reads, which change nothing, at once."""
    owned = await call.make(world, case)
    request = call.request(case, owned)
    callers = [*case.strangers(), case.owner]
    if case.method == "GET":
        answers = list(await asyncio.gather(*(send(who, request) for who in callers)))
    else:
        answers = [await send(who, request) for who in callers[:-1]]
        kept = call.kept is None or await call.kept(world, owned)
        assert kept, f"{case}: a stranger's call changed {owned.ids}"
        answers.append(await send(callers[-1], request))
    *refusals, (owner, answer) = zip(callers, answers, strict=True)
    for stranger, refusal in refusals:
        assert refused_as_declared(case, refusal, call.shows(refusal, owned)), (
            f"{case}: {stranger} was answered {refusal.status_code}, not "
            f"{case.refused.value}, about {owned.ids}: {refusal.text[:300]}"
        )
    listed = case.refused is not Refused.LEFT_OUT or case.method != "GET"
    listed = listed or call.shows(answer, owned)
    assert served(answer) and listed, (
        f"{case}: the owner {owner} was answered {answer.status_code} "
        f"{'' if listed else 'without their record '}about {owned.ids}, so the refusals "
        f"above prove nothing: {answer.text[:300]}"
    )


async def check_every_partys(
    case: Case,
    call: Call[W],
    world: W,
    send: Send,
    served: Callable[[httpx.Response], bool] = succeeded,
) -> None:
    """A caller of `case`'s role whose token names no party is served A's record (a list
    shows it): their role reaches every party's."""
    owned = await call.make(world, case)
    answer = await send(case.owner, call.request(case, owned))
    assert served(answer) and call.shows(answer, owned), (
        f"{case}: {case.owner} was answered {answer.status_code} about {owned.ids}, not shown "
        f"it: {answer.text[:300]}"
    )


async def check_change_refused(case: Case, call: Call[W], world: W, send: Send) -> None:
    """A caller of `case`'s role, which the route does not admit, is refused (403) and A's
    record is kept."""
    owned = await call.make(world, case)
    answer = await send(case.owner, call.request(case, owned))
    kept = call.kept is None or await call.kept(world, owned)
    assert answer.status_code == 403 and kept, (
        f"{case}: {case.owner} was answered {answer.status_code} about {owned.ids}"
        f"{'' if kept else ', and it changed'}: {answer.text[:300]}"
    )


def refused_as_declared(case: Case, answer: httpx.Response, shown: bool) -> bool:
    if case.refused is Refused.LEFT_OUT:  # a list without A's, or none at all
        return answer.status_code == 403 or (answer.status_code < 400 and not shown)
    return answer.status_code == int(case.refused.value)


def missing_calls(all_cases: list[Case], calls: Mapping[str, object]) -> list[str]:
    """The confined routes a suite has no call for, and calls for routes that are not there."""
    routes = {case.route for case in all_cases}
    return [f"no call for {route}" for route in sorted(routes - set(calls))] + [
        f"a call for {route}, which is not a confined route"
        for route in sorted(set(calls) - routes)
    ]


# For the suites of the notifications service and of the console in front of it.


def ending_soon(secret: str, who: Caller) -> str:
    """A development token that ends within a second (token times are whole seconds): a
    stream lasts as long as its token, so one opened with it sends what is there, then ends."""
    now = time.time()
    body = {"sub": who.sub, "roles": [who.role], "iat": int(now), "exp": math.ceil(now + 0.5)}
    return jwt.encode({**body, **who.claims}, secret, algorithm="HS256")


def inbox_event(story: Story, case: Case) -> tuple[Event, str]:
    """An event that puts a notification in party A's inbox of the case's kind, and that
    inbox's id: the owner's own, their team managers', their practice's, their provider's."""
    if case.party is Party.TEAM:
        waiting = story.build(
            ReferralAwaitingCapacity,
            referral_id=story.referral_id,
            team_id=TEAM_A,
            urgency=Urgency.ROUTINE,
            waiting_since=datetime.now(UTC),
        )
        return waiting, inbox_id(AudienceKind.TEAM_MANAGERS, TEAM_A)
    if case.party is Party.PRACTICE:
        reported = story.build(
            ReferralOutcomeReported,
            referral_id=story.referral_id,
            referrer=Referrer(ods_code=PRACTICE_A, organisation_name="Burley Park"),
            summary="Goes walking every week",
        )
        return reported, inbox_id(AudienceKind.PRACTICE, PRACTICE_A)
    if case.party is Party.ORGANISATION:
        linked = story.link(ServiceLinked, service_name="Walks", organization_id=ORGANISATION_A)
        return linked, inbox_id(AudienceKind.PROVIDER, ORGANISATION_A)
    return story.assigned(link_worker_id=case.owner.sub), case.owner.sub
