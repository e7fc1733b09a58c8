"""What `make install` and `make test` install besides Python packages: the console's
frontend assets from its committed lock file (again only when the lock file is newer), and
Debian's Chromium for the browser tests when it is missing (as root), or one line saying
what to install. Chromium's install is checked with stand-ins for `apt-get` and `id`."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CONSOLE = REPO / "services" / "console"
MAKE = shutil.which("make") or "make"


def make(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MAKE, "-C", str(REPO), *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )


def test_make_install_installs_the_consoles_assets_from_the_lock_file_and_only_when_needed(
    tmp_path: Path,
) -> None:
    console = tmp_path / "console"  # a fresh clone's: the lock file, no node_modules
    console.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy(CONSOLE / name, console / name)
    where = f"CONSOLE_DIR={console}"

    first = make("install", where)
    again = make("install", where)
    later = time.time() + 60
    os.utime(console / "package-lock.json", (later, later))  # the lock file changed
    after_a_change = make("console-assets", where)

    assert first.returncode == 0, first.stdout + first.stderr
    assert "npm ci" in first.stdout
    frontend = console / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
    assert (frontend / "nhsuk-frontend.min.css").exists()
    assert (frontend / "nhsuk-frontend.min.js").exists()
    assert (console / "node_modules" / "htmx.org" / "dist" / "htmx.min.js").exists()
    assert again.returncode == 0 and "npm ci" not in again.stdout
    assert after_a_change.returncode == 0 and "npm ci" in after_a_change.stdout


def test_without_npm_make_install_says_in_one_line_what_to_install(tmp_path: Path) -> None:
    console = tmp_path / "console"
    console.mkdir()
    shutil.copy(CONSOLE / "package-lock.json", console / "package-lock.json")
    empty = tmp_path / "bin"
    empty.mkdir()

    answer = make("console-assets", f"CONSOLE_DIR={console}", env={"PATH": str(empty)})

    assert answer.returncode != 0
    said = [line for line in answer.stderr.splitlines() if not line.startswith("make")]
    assert said == [
        "npm is missing: install Node.js 20 or later with npm "
        "(Debian: apt-get install -y nodejs npm)"
    ]


def stand_ins(tmp_path: Path, uid: int, install_needs_update: bool = False) -> dict[str, str]:
    """`id` answering `uid`, and an `apt-get` that records what it was asked and installs a
    Chromium at LINKWORK_CHROMIUM (the first install fails until an update if asked)."""
    tools = tmp_path / "tools"
    tools.mkdir()
    log = tmp_path / "apt.log"
    (tools / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    fails = "1" if install_needs_update else "0"
    (tools / "apt-get").write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        'case "$*" in *update*) touch "$0.updated"; exit 0;; esac\n'
        f'if [ {fails} = 1 ] && [ ! -e "$0.updated" ]; then\n'
        '  echo "E: Unable to locate package chromium" >&2; exit 100\n'
        "fi\n"
        'printf "#!/bin/sh\\n" > "$LINKWORK_CHROMIUM"; chmod +x "$LINKWORK_CHROMIUM"\n'
    )
    for tool in ("id", "apt-get"):
        (tools / tool).chmod(0o755)
    return {
        "PATH": f"{tools}:{os.environ['PATH']}",
        "LINKWORK_CHROMIUM": str(tmp_path / "chromium"),
    }


def apt_calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_a_chromium_in_place_is_left_alone(tmp_path: Path) -> None:
    env = stand_ins(tmp_path, uid=0)
    Path(env["LINKWORK_CHROMIUM"]).write_text("#!/bin/sh\n")
    Path(env["LINKWORK_CHROMIUM"]).chmod(0o755)
    answer = make("browser", env=env)
    assert answer.returncode == 0, answer.stderr
    assert apt_calls(tmp_path) == []


def test_as_root_a_missing_chromium_is_installed_with_apt_get(tmp_path: Path) -> None:
    env = stand_ins(tmp_path, uid=0)
    answer = make("browser", env=env)
    assert answer.returncode == 0, answer.stderr
    assert apt_calls(tmp_path) == ["install -y -q chromium"]  # no update it did not need
    assert os.access(env["LINKWORK_CHROMIUM"], os.X_OK)


def test_the_package_lists_are_updated_only_when_the_install_fails_without(
    tmp_path: Path,
) -> None:
    env = stand_ins(tmp_path, uid=0, install_needs_update=True)
    answer = make("browser", env=env)
    assert answer.returncode == 0, answer.stderr
    assert apt_calls(tmp_path) == ["install -y -q chromium", "update -q", "install -y -q chromium"]


def test_not_as_root_it_says_in_one_line_what_to_install(tmp_path: Path) -> None:
    env = stand_ins(tmp_path, uid=1000)
    answer = make("browser", env=env)
    assert answer.returncode != 0
    assert apt_calls(tmp_path) == []
    said = [line for line in answer.stderr.splitlines() if not line.startswith("make")]
    assert len(said) == 1
    assert "Chromium is missing" in said[0] and "apt-get install -y chromium" in said[0]
