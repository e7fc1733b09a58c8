"""How fast the console shows a full caseload, against a running stack (`make up`):

    .venv/bin/linkwork-dev bench-console --referrals 60 --loads 20

A bench link worker of a practice of their own (nobody else serves it, so every referral
from it is theirs) gets `--referrals` open referrals, sent on `gp.referrals` as a GP system
sends them (only those still missing: a second run sends none). The bench signs in through
the console's development sign-in form as that link worker, loads `/caseload` once to warm
it up (its templates compile on first use), then `--loads` times, and prints the median,
min and max against the goal. It prints figures; it asserts nothing.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import statistics
import time
from dataclasses import dataclass
from typing import Any

import httpx

from linkwork_devstack.stack import StackConfig
from linkwork_devstack.testing import publish
from linkwork_referral.dev.simulator import submission
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import topics

GOAL_MS = 300.0
BENCH_TEAM = "bench"
BENCH_PRACTICE = "B86999"  # served by nobody else: the demo team serves B86001-B86003
SIGN_IN_TOKEN = re.compile(r'name="sign_in_token" value="([^"]+)"')
USER_RADIO = re.compile(r'<input[^>]*\bname="user"[^>]*>')
VALUE = re.compile(r'\bvalue="([^"]*)"')
ROW = 'data-referral-id="'


class BenchRefused(RuntimeError):
    """The bench cannot go on (the stack is not running, the console does not offer the
    bench link worker as someone to sign in as, the referrals did not arrive)."""


@dataclass(frozen=True)
class CaseloadFigures:
    link_worker: str
    referrals: int
    rows: int
    warm_up_ms: float
    loads_ms: list[float]
    service_ms: list[float]

    def report(self) -> str:
        loads = self.loads_ms
        median = statistics.median(loads)
        return "\n".join(
            [
                f"caseload of {self.link_worker}: {self.referrals} open referrals "
                f"({self.rows} rows on the page)",
                f"first load (a warm-up, not counted): {self.warm_up_ms:.0f} ms",
                f"/caseload loaded {len(loads)} times: median {median:.0f} ms, "
                f"min {min(loads):.0f} ms, max {max(loads):.0f} ms",
                f"of which the referral service's caseload answer alone: median "
                f"{statistics.median(self.service_ms):.0f} ms",
                f"goal: {GOAL_MS:.0f} ms for the median "
                f"({'met' if median <= GOAL_MS else 'not met'})",
            ]
        )


def offered_users(sign_in_page: str) -> set[str]:
    """The demo users the development sign-in form lists (its radios' values)."""
    values = (VALUE.search(radio) for radio in USER_RADIO.findall(sign_in_page))
    return {value[1] for value in values if value}


def _manager_headers() -> dict[str, str]:
    secret = ServiceSettings().development_secret
    token = issue_token(secret, "bench-manager", ["manager"], claims={"team_id": BENCH_TEAM})
    return {"Authorization": f"Bearer {token}"}


def register_bench_worker(config: StackConfig, link_worker: str, places: int) -> None:
    """The bench link worker, with room for the bench's referrals (again: left as it is,
    its cap raised if it is short)."""
    record = {
        "link_worker_id": link_worker,
        "name": "Bench link worker",
        "team_id": BENCH_TEAM,
        "practices": [BENCH_PRACTICE],
        "fte": 1.0,
        "caseload_cap": places,
    }
    with httpx.Client(
        base_url=config.url("referral"), headers=_manager_headers(), timeout=10
    ) as referral:
        answer = referral.post("/link-workers", json=record)
        if answer.status_code == 409:
            answer = referral.patch(f"/link-workers/{link_worker}", json={"caseload_cap": places})
        if answer.status_code >= 400:
            raise BenchRefused(f"could not register {link_worker}: {answer.text[:300]}")


def time_service_caseload(config: StackConfig, link_worker: str, loads: int) -> list[float]:
    """The referral service's answer the page is made from, timed on its own (her token)."""
    secret = ServiceSettings().development_secret
    token = issue_token(secret, link_worker, ["link_worker"], claims={"team_id": BENCH_TEAM})
    headers = {"Authorization": f"Bearer {token}"}
    timings = []
    with httpx.Client(base_url=config.url("referral"), headers=headers, timeout=30) as referral:
        for _ in range(loads):
            began = time.perf_counter()
            referral.get(f"/link-workers/{link_worker}/caseload").raise_for_status()
            timings.append((time.perf_counter() - began) * 1000)
    return timings


def open_referrals(config: StackConfig, link_worker: str) -> int:
    with httpx.Client(
        base_url=config.url("referral"), headers=_manager_headers(), timeout=10
    ) as referral:
        answer = referral.get(f"/link-workers/{link_worker}/caseload")
        answer.raise_for_status()
        return len(answer.json()["open"])


def send_referrals(bootstrap: str, topic_prefix: str, count: int) -> None:
    rng = random.Random()  # noqa: S311 - made-up people, not secrets
    documents = []
    for _ in range(count):
        document = submission(rng)
        document["referrer"] |= {"ods_code": BENCH_PRACTICE, "organisation_name": "Bench Surgery"}
        documents.append(document)

    async def send_all() -> None:
        topic = f"{topic_prefix}{topics.GP_REFERRALS}"
        for document in documents:
            await publish(bootstrap, topic, json.dumps(document).encode())

    asyncio.run(send_all())


def fill_caseload(
    config: StackConfig, link_worker: str, wanted: int, topic_prefix: str, timeout: float
) -> int:
    """Send the referrals still missing from the caseload; wait until they are on it."""
    missing = wanted - open_referrals(config, link_worker)
    if missing > 0:
        bootstrap = config.kafka_bootstrap or config.infra.kafka_bootstrap
        send_referrals(bootstrap, topic_prefix, missing)
    deadline = time.monotonic() + timeout
    have = open_referrals(config, link_worker)
    while have < wanted and time.monotonic() < deadline:
        time.sleep(0.5)
        have = open_referrals(config, link_worker)
    if have < wanted:
        raise BenchRefused(f"only {have} of {wanted} referrals reached {link_worker}")
    return have


def sign_in(console: httpx.Client, link_worker: str) -> None:
    """Through the console's development sign-in form, as a browser does."""
    form = console.get("/sign-in")
    if form.status_code != 200 or not SIGN_IN_TOKEN.search(form.text):
        raise BenchRefused("the console's development sign-in form did not answer (AUTH_MODE?)")
    offered = offered_users(form.text)
    if link_worker not in offered:
        raise BenchRefused(
            f"the console's sign-in form does not offer {link_worker} "
            f"(it offers {', '.join(sorted(offered))}): the console's demo users need a bench "
            "link worker (services/console/src/linkwork_console/dev/demo_users.py)"
        )
    token = SIGN_IN_TOKEN.search(form.text)
    assert token is not None
    signed_in = console.post("/sign-in", data={"sign_in_token": token[1], "user": link_worker})
    if signed_in.status_code != 303 or "linkwork_session" not in console.cookies:
        raise BenchRefused(f"signing in as {link_worker} did not start a session")


def load_caseload(console: httpx.Client) -> tuple[float, str]:
    began = time.perf_counter()
    page = console.get("/caseload")
    took = (time.perf_counter() - began) * 1000
    if page.status_code != 200:
        raise BenchRefused(f"/caseload answered {page.status_code}")
    return took, page.text


def run(
    config: StackConfig,
    *,
    link_worker: str,
    referrals: int,
    loads: int,
    topic_prefix: str = "",
    timeout: float = 120.0,
) -> CaseloadFigures:
    register_bench_worker(config, link_worker, places=referrals + 20)
    have = fill_caseload(config, link_worker, referrals, topic_prefix, timeout)
    with httpx.Client(base_url=config.console_url, timeout=30) as console:
        sign_in(console, link_worker)
        warm_up, page = load_caseload(console)
        timings = [load_caseload(console)[0] for _ in range(loads)]
    service = time_service_caseload(config, link_worker, loads)
    return CaseloadFigures(link_worker, have, page.count(ROW), warm_up, timings, service)


def measure(config: StackConfig, **options: Any) -> str:
    """The figures as the command prints them, or why there are none."""
    try:
        return run(config, **options).report()
    except BenchRefused as refused:
        return f"no figures: {refused}"
    except httpx.HTTPError as exc:
        return f"no figures: the stack did not answer ({type(exc).__name__}); is `make up` running?"
