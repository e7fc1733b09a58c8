"""pytest fixtures giving tests the real infrastructure, picked in this order:

1. `KAFKA_BOOTSTRAP_SERVERS` and `MONGODB_URI` from the environment (real Kafka, a replica set);
2. testcontainers (Apache Kafka and a MongoDB replica set) when a Docker engine answers;
3. the embedded Tansu + SecantusDB on free loopback ports of the test run's own, the broker
   on memory storage (the fastest) unless LINKWORK_BROKER_STORAGE=persistent.

Each test gets its own topic prefix and database names, so tests never see each other's data.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkwork_devstack import processes
from linkwork_devstack.infra import Infra, parse_broker_storage


def pytest_configure(config: pytest.Config) -> None:
    """Tests run with development tokens (AUTH_MODE=development) unless a test's settings say
    otherwise: the services' default is to accept only an identity provider's tokens."""
    os.environ.setdefault("AUTH_MODE", "development")


@dataclass(frozen=True)
class Endpoints:
    kafka_bootstrap: str
    mongodb_uri: str
    source: str


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


def _from_testcontainers(stack: ExitStack) -> Endpoints:
    """Apache Kafka (KRaft) and a one-node MongoDB replica set (transactions need one)."""
    import time

    from testcontainers.core.container import DockerContainer
    from testcontainers.kafka import KafkaContainer

    kafka = stack.enter_context(KafkaContainer("confluentinc/cp-kafka:7.6.1").with_kraft())
    mongo = stack.enter_context(
        DockerContainer("mongo:7.0")
        .with_command("--replSet rs0 --bind_ip_all")
        .with_exposed_ports(27017)
    )
    initiate = "rs.initiate({_id:'rs0',members:[{_id:0,host:'localhost:27017'}]})"
    for _ in range(60):
        code, _out = mongo.exec(["mongosh", "--quiet", "--eval", initiate])
        if code == 0:
            break
        time.sleep(1)
    uri = (
        f"mongodb://{mongo.get_container_host_ip()}:{mongo.get_exposed_port(27017)}"
        "/?directConnection=true"
    )
    return Endpoints(kafka.get_bootstrap_server(), uri, "testcontainers")


@pytest.fixture(scope="session")
def linkwork_infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Endpoints]:
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    mongo = os.environ.get("MONGODB_URI")
    if kafka and mongo:
        yield Endpoints(kafka, mongo, "environment")
        return
    with ExitStack() as stack:
        if _docker_answers():
            yield _from_testcontainers(stack)
            return
        infra = Infra(
            Path(tmp_path_factory.mktemp("infra")),
            kafka_port=processes.free_port(),
            mongo_port=processes.free_port(),
            broker_storage=parse_broker_storage(
                os.environ.get("LINKWORK_BROKER_STORAGE", "memory")
            ),
        )
        stack.callback(infra.stop)
        infra.start()
        yield Endpoints(infra.kafka_bootstrap, infra.mongodb_uri, "embedded")
        _every_audit_chain_is_intact(infra.mongodb_uri)


def _every_audit_chain_is_intact(mongodb_uri: str) -> None:
    """After the run: `linkwork-ops audit verify` over every database the tests' services
    wrote an audit trail to (tests that tamper with an entry put it back)."""
    import subprocess
    import sys

    command = [sys.executable, "-m", "linkwork_runtime.ops_cli", "audit", "verify"]
    env = {**os.environ, "AUTH_MODE": "development"}
    checked = subprocess.run(
        [*command, "--mongodb-uri", mongodb_uri],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if checked.returncode != 0:
        raise AssertionError(f"an audit chain is broken:\n{checked.stdout}{checked.stderr}")


@pytest.fixture
def isolation() -> str:
    """A short unique tag for this test's topics and databases."""
    return f"t{uuid.uuid4().hex[:10]}"
