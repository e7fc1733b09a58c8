"""Fixtures for the insights service's tests."""

from __future__ import annotations

import pytest

from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import settings_for
from linkwork_insights.settings import Settings


@pytest.fixture
def settings(linkwork_infra: Endpoints, isolation: str) -> Settings:
    return settings_for(
        Settings, linkwork_infra.kafka_bootstrap, linkwork_infra.mongodb_uri, isolation
    )
