"""The local stack's Prometheus: the configuration `make up` writes passes promtool and
scrapes the console and every service at the stack's ports; when Prometheus cannot run,
`make up` is told why in one line and the stack runs without it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from linkwork_devstack import stack, tools
from linkwork_devstack.monitoring import MonitoringOff


def test_the_written_configuration_passes_promtool_and_scrapes_every_part(
    tmp_path: Path,
) -> None:
    config = stack.StackConfig.isolated(tmp_path, "127.0.0.1:9092", "mongodb://x", "m")
    config.prometheus_interval = 1.0
    watching = config.monitoring
    watching.config_file.parent.mkdir(parents=True)
    watching.config_file.write_text(json.dumps(watching.config()))

    checked = subprocess.run(
        [str(tools.prometheus_binary(promtool=True)), "check", "config", str(watching.config_file)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 5 rules found" in checked.stdout
    written = watching.config()
    assert written["global"] == {
        "scrape_interval": "1s",
        "scrape_timeout": "1s",
        "evaluation_interval": "1s",
    }
    [job] = written["scrape_configs"]
    targets = {c["labels"]["service"]: c["targets"] for c in job["static_configs"]}
    assert targets == {
        "console": [f"127.0.0.1:{config.console_port}"],
        **{name: [f"127.0.0.1:{port}"] for name, port in config.ports.items()},
    }


def test_without_prometheus_make_up_is_told_why_monitoring_is_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LINKWORK_PROMETHEUS", str(tmp_path / "nowhere" / "prometheus"))
    config = stack.StackConfig.isolated(tmp_path, "127.0.0.1:9092", "mongodb://x", "m")

    with pytest.raises(MonitoringOff, match="LINKWORK_PROMETHEUS is set but there is no"):
        config.monitoring.start()
    assert not config.monitoring.running()
