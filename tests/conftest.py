"""Fixtures for end-to-end tests: the four services as real processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from linkwork_devstack import stack
from linkwork_devstack.pytest_plugin import Endpoints

# The slowest files first, each a whole stack of its own to start: the two pytest-xdist
# workers take one each at once while the other files wait, rather than one being the last
# left at the end of `make test`.
SLOWEST_FIRST = (
    "tests/browser/",
    "tests/e2e/test_faults.py",
    "tests/e2e/test_bad_input_at_scale.py",
    "deploy/local/tests/test_bench.py",
    "tests/e2e/test_monitoring.py",
    "tests/e2e/test_referral_flow.py",
    "tests/e2e/test_subject_access.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        slow = [i for i, path in enumerate(SLOWEST_FIRST) if item.nodeid.startswith(path)]
        return slow[0] if slow else len(SLOWEST_FIRST)

    items.sort(key=rank)


@pytest.fixture(scope="module")
def services(
    linkwork_infra: Endpoints, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[stack.StackConfig]:
    """All four services as separate processes on free ports, isolated under a tag.

    Shared by a module's tests (starting four processes is the slow part); tests that
    kill a service come last in their module.
    """
    config = stack.StackConfig.isolated(
        tmp_path_factory.mktemp("run"),
        linkwork_infra.kafka_bootstrap,
        linkwork_infra.mongodb_uri,
        "e",
        # A killed member leaves the group sooner, so its restart rejoins quickly.
        extra_env={"KAFKA_SESSION_TIMEOUT_MS": "3000"},
    )
    try:
        stack.start_services(config, timeout=90)
        yield config
    finally:
        stack.stop_services(config)
