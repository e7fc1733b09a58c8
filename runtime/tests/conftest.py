"""Fixtures for the runtime's tests: a probe service on the real broker and database."""

from __future__ import annotations

import pytest

from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import settings_for
from linkwork_runtime.settings import ServiceSettings


@pytest.fixture
def settings(linkwork_infra: Endpoints, isolation: str) -> ServiceSettings:
    return settings_for(
        ServiceSettings,
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        isolation,
        service_name="probe",
    )
