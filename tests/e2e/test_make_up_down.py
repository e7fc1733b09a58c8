"""`make up` then `make down` from a clean state: everything ready (the staff console too,
its sign-in page answering), then nothing left running."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from linkwork_devstack import processes, stack

REPO = Path(__file__).resolve().parents[2]


def make(target: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "-C", str(REPO), target],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


# Two `make up`s, the console's checks and a `make down`: on a busy 2-core machine this is
# near the suite's default 150 s per test.
@pytest.mark.timeout(300)
def test_make_up_starts_everything_twice_harmlessly_and_make_down_leaves_no_process(
    tmp_path: Path,
) -> None:
    run_dir = tmp_path / "run"
    ports = {name: processes.free_port() for name in stack.SERVICES}
    console = processes.free_port()
    env = {
        **os.environ,
        "LINKWORK_RUN_DIR": str(run_dir),
        "LINKWORK_KAFKA_PORT": str(processes.free_port()),
        "LINKWORK_MONGO_PORT": str(processes.free_port()),
        "LINKWORK_SMTP_PORT": str(processes.free_port()),
        **{f"LINKWORK_{name.upper()}_PORT": str(port) for name, port in ports.items()},
        "LINKWORK_CONSOLE_PORT": str(console),
    }
    names = [*stack.SERVICES, "console", "kafka", "objects", "mongodb", "smtp"]
    try:
        up = make("up", env)
        assert up.returncode == 0, up.stdout[-3000:] + up.stderr[-3000:]
        assert "all services ready" in up.stdout
        assert "registered 3 demo link workers" in up.stdout
        assert "seeded 12 demo referrals" in up.stdout
        assert "lw-amina accepted a referral and recorded a day's work" in up.stdout
        pids = {name: processes.read_pid(run_dir, name) for name in names}
        assert all(pid and processes.alive(pid) for pid in pids.values()), pids
        for name, port in ports.items():
            assert httpx.get(f"http://127.0.0.1:{port}/ready", timeout=5).status_code == 200, name
        # The console: ready, its sign-in page offering the demo users, the last line its own.
        ready = httpx.get(f"http://127.0.0.1:{console}/ready", timeout=5)
        assert ready.status_code == 200 and ready.json()["checks"]["mongodb"] == "ok"
        sign_in = httpx.get(f"http://127.0.0.1:{console}/sign-in", timeout=5)
        assert sign_in.status_code == 200
        assert "Sign in to Linkwork" in sign_in.text and 'value="lw-amina"' in sign_in.text
        printed = [line for line in up.stdout.splitlines() if not line.startswith("make")]
        assert printed[-1] == f"Open http://127.0.0.1:{console} and sign in as lw-amina"
        status = make("status", env)
        assert status.returncode == 0, status.stdout
        assert any(line.split() == ["console", "ready"] for line in status.stdout.splitlines())
        # A second `make up` leaves the running stack as it is.
        again = make("up", env)
        assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
        assert {name: processes.read_pid(run_dir, name) for name in names} == pids
        assert "recorded a day's work" not in again.stdout  # one demo journey, not two
    finally:
        down = make("down", env)
    assert down.returncode == 0, down.stderr
    assert all(not processes.alive(pid) for pid in pids.values() if pid)
    assert "console" in down.stdout
    assert not any(processes.port_open(port) for port in [*ports.values(), console])
    assert not list(run_dir.glob("*.pid"))
