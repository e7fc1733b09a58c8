"""The embedded infrastructure: Tansu (Kafka protocol) and SecantusDB (MongoDB wire protocol),
with, when the broker's storage is persistent, the object store Tansu keeps its topics in.

The broker's storage is either `persistent` (`make up`, the fault runs: topics, records and
committed offsets survive a broker restart and a `make down`/`make up`) or `memory` (the
test suite's default: the fastest, and everything is lost when the broker stops).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from linkwork_devstack import processes
from linkwork_devstack.object_store import STORAGE_URL, ObjectStore
from linkwork_devstack.tools import repo_root as repo_root
from linkwork_devstack.tools import secantus_binary as secantus_binary
from linkwork_devstack.tools import tansu_binary

KAFKA = "kafka"
MONGO = "mongodb"
OBJECT_STORE = "objects"
# In the order they stop: the broker before the store it writes to.
PROCESSES = (KAFKA, OBJECT_STORE, MONGO)

BrokerStorage = Literal["memory", "persistent"]


def parse_broker_storage(value: str) -> BrokerStorage:
    """LINKWORK_BROKER_STORAGE's value, checked."""
    if value in ("memory", "persistent"):
        return cast(BrokerStorage, value)
    raise ValueError(f"LINKWORK_BROKER_STORAGE must be memory or persistent, not {value!r}")


@dataclass(frozen=True)
class Infra:
    """Embedded Kafka + MongoDB (and, for persistent broker storage, the object store) on
    loopback ports, with state under `run_dir`."""

    run_dir: Path
    kafka_port: int = 9092
    mongo_port: int = 27017
    broker_storage: BrokerStorage = "memory"
    # Fsync the database's log at every commit (SecantusDB --sync-on-commit): what a killed
    # database had acknowledged is there when it starts again. Without it (the default, like
    # mongod's j:false) a SIGKILL loses the last commits it acknowledged; with it, commits
    # are 2-3 times slower.
    durable_commits: bool = False

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def mongodb_uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.mongo_port}/?directConnection=true"

    @property
    def object_store(self) -> ObjectStore:
        return ObjectStore(self.run_dir / "data" / "objects")

    @property
    def _persistent(self) -> bool:
        return self.broker_storage == "persistent"

    def start(self, timeout: float = 60.0) -> None:
        """Start what is not running yet (a second start changes nothing) and wait for all."""
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for name, port in self._public_ports().items():
            if not self._running(name) and processes.port_open(port):
                raise RuntimeError(f"port {port} for {name} is taken by another process")
        if self._persistent and not self._running(OBJECT_STORE):
            self._start_object_store()
        if not self._running(MONGO):
            self._start_mongo()
        if self._persistent:  # the broker reads its metadata from the store as it starts
            self.wait_ready(timeout, [OBJECT_STORE])
        if not self._running(KAFKA):
            self._start_kafka()
        self.wait_ready(timeout)

    def restart_broker(self, kill: bool = False, timeout: float = 60.0) -> None:
        """Stop the broker (SIGTERM, or SIGKILL with `kill`), start it again on the same
        storage and wait until it answers."""
        self._stop(KAFKA, kill)
        self.start(timeout)

    def _stop(self, name: str, kill: bool = False) -> None:
        """Stop it and wait for its port to close: the last of a process's threads (and its
        sockets) can outlive the moment it counts as exited."""
        port = self._public_ports().get(name)
        (processes.kill if kill else processes.stop)(self.run_dir, name)
        deadline = time.monotonic() + 5.0
        while port and processes.port_open(port) and time.monotonic() < deadline:
            time.sleep(0.05)

    def _public_ports(self) -> dict[str, int]:
        ports = {KAFKA: self.kafka_port, MONGO: self.mongo_port}
        if self._persistent and self.object_store.port:
            ports[OBJECT_STORE] = self.object_store.port
        return ports

    def _running(self, name: str) -> bool:
        pid = processes.read_pid(self.run_dir, name)
        return bool(pid and processes.alive(pid))

    def _start_object_store(self) -> None:
        processes.start(self.run_dir, OBJECT_STORE, self.object_store.command())

    def _start_kafka(self) -> None:
        url = f"tcp://127.0.0.1:{self.kafka_port}"
        storage = STORAGE_URL if self._persistent else "memory://tansu/"
        processes.start(
            self.run_dir,
            KAFKA,
            [
                str(tansu_binary()),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                storage,
            ],
            env=self.object_store.broker_env() if self._persistent else None,
        )

    def _start_mongo(self) -> None:
        data = self.run_dir / "data" / "mongodb"
        data.mkdir(parents=True, exist_ok=True)
        processes.start(
            self.run_dir,
            MONGO,
            [
                str(secantus_binary()),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.mongo_port),
                "--storage-path",
                str(data),
                *(["--sync-on-commit"] if self.durable_commits else []),
            ],
        )

    def _probes(self) -> dict[str, Callable[[], bool]]:
        probes: dict[str, Callable[[], bool]] = {
            KAFKA: lambda: kafka_ready(self.kafka_bootstrap),
            MONGO: lambda: mongo_ready(self.mongodb_uri),
        }
        if self._persistent:
            probes[OBJECT_STORE] = self.object_store.ready
        return probes

    def wait_ready(self, timeout: float = 60.0, names: list[str] | None = None) -> None:
        """Wait until each of `names` (default: all) answers; RuntimeError if one exits."""
        probes = self._probes()
        waiting = [name for name in probes if names is None or name in names]
        deadline = time.monotonic() + timeout
        while waiting:
            waiting = [name for name in waiting if not probes[name]()]
            for name in waiting:
                if not self._running(name):
                    log = processes.log_file(self.run_dir, name)
                    tail = log.read_text()[-2000:] if log.exists() else ""
                    raise RuntimeError(f"{name} exited during start-up; log {log}:\n{tail}")
            if waiting and time.monotonic() > deadline:
                raise TimeoutError(f"not ready after {timeout:.0f}s: {', '.join(waiting)}")
            if waiting:
                time.sleep(0.2)

    def stop(self) -> None:
        for name in PROCESSES:
            self._stop(name)

    def status(self) -> dict[str, str]:
        return {name: "ready" if ready() else "down" for name, ready in self._probes().items()}


def mongo_ready(uri: str) -> bool:
    client: MongoClient[dict[str, object]] = MongoClient(uri, serverSelectionTimeoutMS=500)
    try:
        client.admin.command("ping")
        return True
    except PyMongoError:
        return False
    finally:
        client.close()


def kafka_ready(bootstrap: str) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    async def probe() -> bool:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=1000)
        try:
            await asyncio.wait_for(admin.start(), timeout=2)
            await asyncio.wait_for(admin.list_topics(), timeout=2)
            return True
        except Exception:
            return False
        finally:
            await admin.close()

    host, _, port = bootstrap.partition(":")
    if not processes.port_open(int(port), host):
        return False
    return asyncio.run(probe())
