"""Prometheus for the local stack: Debian's binary run from the run directory, scraping every
service and the console with the alert rules in deploy/prometheus/ (Alertmanager is not run:
firing alerts show at /alerts)."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from linkwork_devstack import processes
from linkwork_devstack.tools import MissingTool, prometheus_binary, repo_root

PROMETHEUS = "prometheus"
RULES_DIR = repo_root() / "deploy" / "prometheus"
JOB = "linkwork"


class MonitoringOff(RuntimeError):
    """Prometheus cannot run here; the message says why, in one line."""


@dataclass(frozen=True)
class Monitoring:
    """Prometheus on `port`, scraping each of `targets` (a name and its HTTP port) and
    evaluating the rules every `interval_seconds`."""

    run_dir: Path
    port: int
    targets: dict[str, int]
    interval_seconds: float = 15.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def config_file(self) -> Path:
        return self.run_dir / PROMETHEUS / "prometheus.yml"

    def config(self) -> dict[str, Any]:
        """deploy/prometheus/prometheus.yml with this stack's targets and interval."""
        interval = f"{self.interval_seconds:g}s"
        return {
            "global": {
                "scrape_interval": interval,
                "scrape_timeout": f"{min(self.interval_seconds, 10.0):g}s",
                "evaluation_interval": interval,
            },
            "rule_files": [str(RULES_DIR / "*.rules.yml")],
            "scrape_configs": [
                {
                    "job_name": JOB,
                    "honor_labels": True,  # the services label their metrics `service`
                    "static_configs": [
                        {"targets": [f"127.0.0.1:{port}"], "labels": {"service": name}}
                        for name, port in self.targets.items()
                    ],
                }
            ],
        }

    def start(self, timeout: float = 30.0) -> str:
        """Start Prometheus unless it runs; its URL. MonitoringOff, saying why, when it cannot."""
        if self.running():
            return self.url
        try:
            binary = prometheus_binary()
        except MissingTool as missing:
            raise MonitoringOff(str(missing)) from None
        if processes.port_open(self.port):
            raise MonitoringOff(f"port {self.port} for Prometheus is taken by another process")
        self.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(json.dumps(self.config(), indent=2))  # JSON is YAML
        argv = [
            str(binary),
            f"--config.file={self.config_file}",
            f"--storage.tsdb.path={self.run_dir / 'data' / PROMETHEUS}",
            f"--web.listen-address=127.0.0.1:{self.port}",
        ]
        processes.start(self.run_dir, PROMETHEUS, argv)
        self._wait_ready(timeout)
        return self.url

    def running(self) -> bool:
        pid = processes.read_pid(self.run_dir, PROMETHEUS)
        return bool(pid and processes.alive(pid))

    def ready(self) -> bool:
        try:
            return httpx.get(f"{self.url}/-/ready", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not self.ready():
            log = processes.log_file(self.run_dir, PROMETHEUS)
            if not self.running():
                raise MonitoringOff(f"Prometheus exited during start-up; see {log}")
            if time.monotonic() > deadline:
                raise MonitoringOff(f"Prometheus was not ready after {timeout:.0f}s; see {log}")
            time.sleep(0.2)


def stop(run_dir: Path) -> bool:
    return processes.stop(run_dir, PROMETHEUS)
