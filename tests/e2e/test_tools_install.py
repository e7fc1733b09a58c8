"""The embedded MongoDB's own environment installs on first use, however many processes ask
at once: pytest-xdist workers of a fresh clone all do. A half-made one is made again."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

ASK = "from linkwork_devstack.infra import secantus_binary; print(secantus_binary())"


async def ask(tools: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        ASK,
        env={**os.environ, "LINKWORK_TOOLS_DIR": str(tools)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await process.communicate()
    return process.returncode or 0, out.decode()


async def test_three_processes_asking_at_once_all_get_one_working_install(tmp_path: Path) -> None:
    answers = await asyncio.gather(*(ask(tmp_path) for _ in range(3)))
    for code, out in answers:
        assert code == 0, out
    binary = tmp_path / "secantus-0.7.0b3" / "bin" / "secantusd-py"
    assert all(out.strip().endswith(str(binary)) for _, out in answers)
    assert binary.exists()


async def test_a_half_made_environment_is_made_again(tmp_path: Path) -> None:
    half = tmp_path / "secantus-0.7.0b3"
    # An install interrupted after the environment was made, before SecantusDB was in it.
    made = await asyncio.create_subprocess_exec(sys.executable, "-m", "venv", str(half))
    assert await made.wait() == 0
    code, out = await ask(tmp_path)
    assert code == 0, out
    assert (half / "bin" / "secantusd-py").exists()
