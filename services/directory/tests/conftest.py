"""Fixtures for the directory service's tests."""

from __future__ import annotations

import pytest

from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import settings_for
from linkwork_directory.settings import Settings


@pytest.fixture
def settings(linkwork_infra: Endpoints, isolation: str) -> Settings:
    """Each test's own topics and database; no demo directory unless a test asks for it."""
    return settings_for(
        Settings,
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        isolation,
        demo_directory=False,
    )
