"""Fixtures of the console's tests: its settings on the real MongoDB (a database of the
test's own), with the services' URLs pointing where nothing answers unless a test serves
a real service there; and the page templates compiled once for all the apps tests create."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from linkwork_console import app
from linkwork_console.settings import Settings
from linkwork_devstack.processes import free_port
from linkwork_devstack.pytest_plugin import Endpoints


def nowhere() -> str:
    """An address where nothing listens: a service that is down."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def console_settings(linkwork_infra: Endpoints, isolation: str) -> Settings:
    return Settings(
        mongodb_uri=linkwork_infra.mongodb_uri,
        mongodb_database=f"{isolation}_console",
        auth_mode="development",
        referral_url=nowhere(),
        journey_url=nowhere(),
        directory_url=nowhere(),
        notifications_url=nowhere(),
        backend_timeout_seconds=2.0,
    )


@pytest.fixture(scope="session", autouse=True)
def templates_compiled_once() -> Iterator[None]:
    """One template environment for every app a test creates: compiling the NHS.UK macros
    takes seconds, and a console process does it once (its Environment keeps them)."""
    environment = app.templates()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app, "templates", lambda: environment)
        yield
