"""Fixtures of the browser tests: the whole stack as processes and a real browser on it.

- `console_stack` (one for the module: the browser tests are in one file, so one pytest-xdist
  worker starts it, and stops it once they are done, so its idle processes do not slow the
  worker's other tests): the four services and the console as processes on free ports, on the
  test run's infrastructure (`linkwork_infra`), isolated by a topic and database prefix; the
  demo team and recipients registered as `make up` does, and referrals from the team's
  practices sent on `gp.referrals` and assigned.
- `browser` (Debian's Chromium, `LINKWORK_CHROMIUM`) and a new context per test, through
  `visit`: sign in as a demo user, a screenshot of each step written to
  `LINKWORK_TEST_OUTPUT` (default `<repo>/.test-output/<test>/`), and the axe-core check
  (no violation of impact "serious" or "critical").
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from pymongo import MongoClient

from linkwork_devstack import demo, processes, stack
from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import publish
from linkwork_referral.dev.simulator import PRACTICES, submission
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings
from linkwork_schemas import topics

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LINKWORK_CHROMIUM", "/usr/bin/chromium")
# Debian's Chromium as the tests launch it (Playwright's own browser download does not work).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = Path(os.environ.get("LINKWORK_TEST_OUTPUT", REPO / ".test-output"))
FAILING_IMPACTS = ("serious", "critical")
PRACTICE_NAMES = dict(PRACTICES)
# Sent at the start: 3 from each of the team's practices, so each link worker has some.
SEEDED = ["B86001", "B86002", "B86003"] * 3


@dataclass
class ConsoleStack:
    """The running stack: where things are, and what a test does to it from outside the
    browser (as a GP system, a manager's API call, or an operator stopping a process)."""

    config: stack.StackConfig
    infra: Endpoints
    _mongo: MongoClient[dict[str, Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._mongo = MongoClient(self.infra.mongodb_uri, tz_aware=True)

    @property
    def console_url(self) -> str:
        return self.config.console_url

    def token(self, sub: str, role: str, **claims: str) -> str:
        secret = ServiceSettings().development_secret
        return issue_token(secret, sub, [role], claims={"team_id": demo.TEAM, **claims})

    def api(self, service: str, sub: str = demo.MANAGER, role: str = "manager") -> httpx.Client:
        """A client of a service's API with a token of its own (by default the manager's)."""
        headers = {"Authorization": f"Bearer {self.token(sub, role)}"}
        return httpx.Client(base_url=self.config.url(service), headers=headers, timeout=10)

    def send_referral(self, practice: str, family_name: str | None = None) -> dict[str, Any]:
        """A referral from `practice` on `gp.referrals`, as a GP system sends it."""
        document = submission(random.Random())
        document["referrer"] |= {
            "ods_code": practice,
            "organisation_name": PRACTICE_NAMES[practice],
        }
        if family_name:
            document["patient"]["family_name"] = family_name
        topic = f"{self.config.topic_prefix}{topics.GP_REFERRALS}"
        _in_a_thread(publish(self.infra.kafka_bootstrap, topic, json.dumps(document).encode()))
        return document

    def send_raw(self, topic: str, value: bytes) -> None:
        """Bytes on a topic (named without the prefix), as a broken integration sends them."""
        target = f"{self.config.topic_prefix}{topic}"
        _in_a_thread(publish(self.infra.kafka_bootstrap, target, value))

    def referral_for(self, document: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
        """The referral a sent document became, once it is assigned to a link worker."""
        source = document["source_referral_id"]
        practice = document["referrer"]["ods_code"]
        deadline = time.monotonic() + timeout
        with self.api("referral") as referral:
            while time.monotonic() < deadline:
                found = referral.get(
                    "/referrals", params={"practice": practice, "per_page": 50}
                ).json()["items"]
                mine = [r for r in found if r["source_referral_id"] == source]
                if mine and mine[0].get("assigned_at"):
                    return dict(mine[0])
                time.sleep(0.25)
        raise AssertionError(f"referral {source} was not assigned within {timeout}s")

    def fresh_referral(self, link_worker: str, practice: str, tag: str) -> dict[str, Any]:
        """One of the link worker's referrals nobody has touched yet: one already waiting, or
        one sent as a GP system would (again, while they go to someone else at the practice)."""
        waiting = self.assigned_to(link_worker)
        if waiting:
            return dict(waiting[0])
        for _ in range(6):
            sent = self.send_referral(practice, f"{tag}{uuid.uuid4().hex[:5]}")
            referral = self.referral_for(sent)
            if referral["link_worker_id"] == link_worker:
                return referral
        raise AssertionError(f"six referrals from {practice} in a row went to someone else")

    def journey_for(
        self, referral_id: str, link_worker: str, timeout: float = 30
    ) -> dict[str, Any]:
        """The link worker reaches the person and they agree: the journey the journey service
        then starts."""
        with self.api("referral", link_worker, "link_worker") as api:
            reached = {"method": "phone", "outcome": "reached"}
            assert api.post(f"/referrals/{referral_id}/contact-attempts", json=reached).is_success
            assert api.post(f"/referrals/{referral_id}/accept").is_success
        deadline = time.monotonic() + timeout
        with self.api("journey", link_worker, "link_worker") as api:
            while time.monotonic() < deadline:
                found = api.get("/journeys", params={"referral_id": referral_id}).json()["items"]
                if found:
                    return dict(found[0])
                time.sleep(0.25)
        raise AssertionError(f"no journey started for referral {referral_id} within {timeout}s")

    def assigned_to(self, link_worker: str) -> list[dict[str, Any]]:
        """The link worker's referrals still waiting for a first contact, oldest first."""
        with self.api("referral") as referral:
            params = {"status": "assigned", "link_worker": link_worker, "per_page": 100}
            items = referral.get("/referrals", params=params).json()["items"]
        fresh = [r for r in items if not r["contact_attempts"]]
        return sorted(fresh, key=lambda r: r["received_at"])

    def sessions(self) -> Any:
        """The console's own session documents (its database on the stack's MongoDB)."""
        return self._mongo[f"{self.config.database_prefix}{stack.CONSOLE}"]["sessions"]

    def stop(self, service: str) -> None:
        processes.stop(self.config.run_dir, service)

    def restart(self, service: str) -> None:
        pid = processes.read_pid(self.config.run_dir, service)
        if not (pid and processes.alive(pid)):
            processes.start(
                self.config.run_dir,
                service,
                stack.service_command(service),
                env=stack.service_env(self.config, service),
            )
        stack.wait_services_ready(self.config, timeout=90)

    def close(self) -> None:
        self._mongo.close()


def _in_a_thread(coroutine: Any) -> None:
    """Run a coroutine to its end on a loop of its own: the sync Playwright API owns this
    thread's event loop."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(coroutine)
        except BaseException as exc:
            failure.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    if failure:
        raise failure[0]


@pytest.fixture(scope="module")
def console_stack(
    linkwork_infra: Endpoints, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConsoleStack]:
    """The four services and the console as processes, with the demo team's data."""
    config = stack.StackConfig.isolated(
        tmp_path_factory.mktemp("browser-run"),
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        "b",
        # A stopped service leaves its consumer group sooner, so its restart rejoins quickly.
        extra_env={"KAFKA_SESSION_TIMEOUT_MS": "3000"},
    )
    running = ConsoleStack(config, linkwork_infra)
    try:
        stack.start_services(config, timeout=90)
        stack.start_console(config, timeout=60)
        demo.register_link_workers(config)
        demo.register_recipients(config)
        sent = [running.send_referral(practice) for practice in SEEDED]
        for document in sent:
            running.referral_for(document)
        yield running
    finally:
        processes.stop(config.run_dir, stack.CONSOLE)
        stack.stop_services(config)
        running.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Chromium for a module's tests (each gets a context of its own). Not for the whole
    session: sync Playwright keeps an event loop running on this thread while it is started,
    and the async tests this xdist worker runs after the browser tests need the thread's."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: `make test` installs it (as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Steps:
    """The screenshots a test has taken, numbered across all its people."""

    count: int = 0


@dataclass
class Visit:
    """One person's browser context on the console: sign in, take each step's screenshot,
    check each page with axe-core."""

    context: BrowserContext
    page: Page
    folder: Path
    taken: Steps = field(default_factory=Steps)
    who: str = ""  # in the screenshots' names when a test has several people
    axe: Axe = field(default_factory=Axe)

    def sign_in(self, user: str) -> None:
        """Sign in as a demo user through the development sign-in form: the one on screen
        (sent there from a page, it brings her back) or a fresh one."""
        if "/sign-in" not in self.page.url:
            self.page.goto("/sign-in")
        self.page.check(f"input[name=user][value={user}]")
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Sign in").click()
        assert "/sign-in" not in self.page.url, self.page.url

    def shot(self, name: str) -> Path:
        """A full-page screenshot of this step, numbered in the order taken."""
        self.taken.count += 1
        prefix = f"{self.who}-" if self.who else ""
        path = self.folder / f"{self.taken.count:02d}-{prefix}{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def view(self, name: str, at: str | None = None) -> Path:
        """What fits on the screen (from the element `at`, if given): for the README."""
        if at:
            self.page.locator(at).scroll_into_view_if_needed()
        path = self.folder / f"view-{name}.png"
        self.page.screenshot(path=path)
        return path

    def check_accessible(self) -> None:
        """axe-core on the page as it is now: no violation that is serious or critical."""
        results = self.axe.run(self.page)
        failing = [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]
        assert not failing, f"{self.page.url} has accessibility violations:\n" + "\n".join(
            f"- {v['impact']}: {v['id']} ({v['help']}) at "
            + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
            for v in failing
        )

    def step(self, name: str) -> None:
        """What a person sees at this step: its screenshot, and it passes the axe check."""
        self.shot(name)
        self.check_accessible()


@pytest.fixture
def visit(visitor: Any) -> Visit:
    """The test's browser context on the console (a first person)."""
    visited: Visit = visitor()
    return visited


@pytest.fixture
def visitor(
    browser: Browser, console_stack: ConsoleStack, request: pytest.FixtureRequest
) -> Iterator[Any]:
    """Make a browser context of its own for each person a test needs (a link worker, the
    provider she links, the referring practice): one browser, separate sessions. Their
    screenshots share the test's folder and numbering, in the order taken."""
    folder = OUTPUT / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    contexts: list[BrowserContext] = []
    taken = Steps()

    def make(who: str = "") -> Visit:
        context = browser.new_context(base_url=console_stack.console_url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Visit(context, context.new_page(), folder, taken=taken, who=who)

    try:
        yield make
    finally:
        for context in contexts:
            context.close()
