"""The persistent broker's storage: a small S3-compatible object store on loopback
(`object_store.server`, files under run_dir/data/objects/) that Tansu's object-store engine
keeps its topics, records, committed offsets and consumer groups in.

Why our own and not an S3 server from PyPI: Tansu finds a partition's end offset as the
record batch listed with the latest LastModified, so it needs sub-second times, which S3 and
the S3 servers installable here (SeaweedFS, moto) list in whole seconds; and it updates its
metadata with If-Match writes, which the small disk-backed ones ignore.

Its port is chosen on the first start and kept beside the data, so a restarted store answers
where the running broker expects it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import httpx

from linkwork_devstack import processes

BUCKET = "tansu"
STORAGE_URL = f"s3://{BUCKET}/"


@dataclass(frozen=True)
class ObjectStore:
    data_dir: Path

    @property
    def _port_file(self) -> Path:
        return self.data_dir / "port"

    @property
    def port(self) -> int | None:
        try:
            return int(self._port_file.read_text())
        except (FileNotFoundError, ValueError):
            return None

    @property
    def endpoint(self) -> str | None:
        return f"http://127.0.0.1:{self.port}" if self.port else None

    def command(self) -> list[str]:
        """The server's command line, on the kept port (a free one the first time)."""
        port = self.port
        if port is None:
            port = processes.free_port()
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._port_file.write_text(str(port))
        return [
            sys.executable,
            "-m",
            "linkwork_devstack.object_store.server",
            "--port",
            str(port),
            "--data",
            str(self.data_dir),
            "--bucket",
            BUCKET,
        ]

    def broker_env(self) -> dict[str, str]:
        """Tansu's object-store settings (read from AWS_*), overriding any in the shell."""
        endpoint = self.endpoint
        if endpoint is None:
            raise RuntimeError(f"the object store in {self.data_dir} has never been started")
        return {
            "AWS_ENDPOINT": endpoint,
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_ALLOW_HTTP": "true",
            "AWS_ACCESS_KEY_ID": "linkwork",  # not checked; the client signs with something
            "AWS_SECRET_ACCESS_KEY": "linkwork",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_REGION": "us-east-1",
        }

    def ready(self) -> bool:
        endpoint = self.endpoint
        if endpoint is None or not processes.port_open(self.port or 0):
            return False
        try:
            return httpx.head(f"{endpoint}/{BUCKET}", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False
