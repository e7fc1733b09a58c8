"""Every service's HTTP API fuzzed from its own OpenAPI document (schemathesis).

Each service runs in-process (uvicorn in a thread, with its lifespan) against the real broker
and database. Every documented operation gets a bounded, reproducible run of valid and of
invalid requests, each sent with a token of a role the access matrix lets call it; the run
fails on any 5xx, any answer the document does not describe (status, content type, headers,
body) and any 2xx to a request the document says is invalid.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from linkwork_devstack.pytest_plugin import Endpoints
from linkwork_devstack.testing import bearer, serving_in_a_thread, settings_for
from linkwork_directory.app import create_app as directory_app
from linkwork_directory.settings import Settings as DirectorySettings
from linkwork_journey.app import create_app as journey_app
from linkwork_journey.settings import Settings as JourneySettings
from linkwork_notifications.app import create_app as notifications_app
from linkwork_notifications.settings import Settings as NotificationsSettings
from linkwork_referral.app import create_app as referral_app
from linkwork_referral.settings import Settings as ReferralSettings
from linkwork_runtime.access import Access, access_matrix
from linkwork_runtime.auth import Role
from linkwork_runtime.settings import ServiceSettings

pytestmark = [
    pytest.mark.infra,
    # schemathesis draws from `random` inside its strategies; Hypothesis seeds that module for
    # each example, so the runs stay reproducible, and only warns that it is deprecated.
    pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies"),
]

# Per operation and generation mode (valid, then invalid requests): 80 to 90 s for the four
# services on one worker of a 2-core machine.
EXAMPLES = 8
# The same requests on every run: a fixed seed (which Hypothesis prefers to `derandomize`) and
# no example database replaying an earlier run's failures.
SEED = 20261202

SERVICES: dict[str, tuple[Callable[[Any], Any], type[ServiceSettings], dict[str, Any]]] = {
    "referral": (referral_app, ReferralSettings, {}),
    "journey": (journey_app, JourneySettings, {}),
    # With the demo directory, lists and searches answer with real records.
    "directory": (directory_app, DirectorySettings, {"demo_directory": True}),
    # Nothing the fuzzer sends makes a delivery; should one happen, it stays on this machine.
    "notifications": (
        notifications_app,
        NotificationsSettings,
        {"sms_api_base_url": "http://127.0.0.1:9"},
    ),
}

# The dead-letter routes stay in: a topic the service does not consume is a 404 before any
# read of Kafka, and the consumed topics' dead-letter topics are read (empty) as they are.
EXCLUDED = {
    # Server-sent events: the answer never ends, so there is no response to check.
    ("notifications", "GET", "/stream"): "an endless SSE stream",
}

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

CLAIMS = {"team_id": "leeds-north", "ods_code": "B86001", "organization_id": "org-fuzz"}


def callers(service_settings: ServiceSettings, access: Access | None) -> list[dict[str, str]]:
    """The headers of every caller the access matrix lets through: none for a public route,
    one token per named role, a token holding every role for "any signed-in caller"."""
    assert access is not None, "every route declares who may call it (linkwork_runtime.access)"
    if access.public:
        return [{}]
    if not access.roles:
        return [bearer(service_settings, "fuzz-any", *map(str, Role), **CLAIMS)]
    return [
        bearer(service_settings, f"fuzz-{role}", role, **CLAIMS) for role in sorted(access.roles)
    ]


def fuzz(operation: Any, base_url: str, headers: list[dict[str, str]]) -> list[str]:
    """What went wrong for one operation, valid and invalid requests in turn."""
    failures = []
    session = requests.Session()
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

        @seed(SEED)
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode), caller=st.sampled_from(headers))
        def send(case: Any, caller: dict[str, str]) -> None:
            # A copy: schemathesis adds the headers it sent to the dict it is given.
            case.call_and_validate(
                base_url=base_url, session=session, headers=dict(caller), checks=CHECKS
            )

        try:
            send()
        except Unsatisfiable:
            # An operation with no parameters and no body has no invalid request to send; a
            # valid one must always be possible.
            if mode is GenerationMode.POSITIVE:
                failures.append(f"{operation.label}: no valid request can be made")
        except (Exception, BaseExceptionGroup) as failure:
            failures.append(f"{operation.label} ({mode.value}):\n{failure}")
    return failures


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_answers_what_its_openapi_documents(
    service: str, linkwork_infra: Endpoints, isolation: str
) -> None:
    create_app, settings_class, overrides = SERVICES[service]
    service_settings = settings_for(
        settings_class,
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        isolation,
        **overrides,
    )
    app = create_app(service_settings)
    who = {(row.method, row.path): row.access for row in access_matrix(app)}
    failures: list[str] = []
    with serving_in_a_thread(app) as base_url:
        schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
        # Each request carries a real token of a role that may call it (below): schemathesis'
        # own Authorization headers (made up, or left out) would only ever be refused.
        schema.config.generation.update(with_security_parameters=False)
        for result in schema.get_all_operations():
            operation = result.ok()
            key = (operation.method.upper(), operation.path)
            if (service, *key) in EXCLUDED:
                continue
            failures += fuzz(operation, base_url, callers(service_settings, who[key]))
    assert not failures, "\n\n".join(failures)
