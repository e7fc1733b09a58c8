"""Background processes with pid files and logs, stopped cleanly (TERM, then KILL)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def pid_file(run_dir: Path, name: str) -> Path:
    return run_dir / f"{name}.pid"


def log_file(run_dir: Path, name: str) -> Path:
    return run_dir / "logs" / f"{name}.log"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child is dead for our purposes.
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def read_pid(run_dir: Path, name: str) -> int | None:
    path = pid_file(run_dir, name)
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def start(
    run_dir: Path, name: str, argv: Sequence[str], env: Mapping[str, str] | None = None
) -> int:
    """Start `argv` in its own session (so stop() reaches its children) and record its pid."""
    existing = read_pid(run_dir, name)
    if existing and alive(existing):
        raise RuntimeError(f"{name} is already running (pid {existing})")
    log = log_file(run_dir, name)
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            list(argv),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
    pid_file(run_dir, name).write_text(str(process.pid))
    return process.pid


def stop(run_dir: Path, name: str, timeout: float = 10.0) -> bool:
    """Stop the named process group; True if something was running."""
    pid = _forget(run_dir, name)
    if pid is None:
        return False
    if not _signal_and_wait(pid, signal.SIGTERM, timeout):
        _signal_and_wait(pid, signal.SIGKILL, 5.0)
    return True


def kill(run_dir: Path, name: str) -> bool:
    """SIGKILL the named process group at once, as a crash would; True if something ran."""
    pid = _forget(run_dir, name)
    if pid is None:
        return False
    _signal_and_wait(pid, signal.SIGKILL, 5.0)
    return True


def _forget(run_dir: Path, name: str) -> int | None:
    """The named process's pid if it is alive; its pid file is removed either way."""
    pid = read_pid(run_dir, name)
    pid_file(run_dir, name).unlink(missing_ok=True)
    return pid if pid is not None and alive(pid) else None


def _signal_and_wait(pid: int, sig: signal.Signals, wait: float) -> bool:
    """Signal the group and reap its leader; True once it is gone within `wait` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        if not alive(pid):
            return True
        time.sleep(0.05)
    return False


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
