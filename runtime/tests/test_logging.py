"""Log lines go to sys.stdout as it is when each line is written: found by `make test`, where a
service configured during one test logged into that test's captured output after it had been
closed, and the next test failed on a log line ("I/O operation on closed file")."""

from __future__ import annotations

import io
import json
import logging
import sys

import pytest
import structlog

from linkwork_runtime.logging import configure_logging


def test_a_line_logged_after_the_configured_stdout_closed_goes_to_the_current_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = io.StringIO()
    monkeypatch.setattr(sys, "stdout", first)
    configure_logging("probe")
    first.close()  # e.g. the captured output of a test that has ended
    now = io.StringIO()
    monkeypatch.setattr(sys, "stdout", now)

    structlog.get_logger("probe").info("probe.structlog_line", n=1)
    logging.getLogger("aiokafka.probe").warning("a stdlib line")

    lines = [json.loads(line) for line in now.getvalue().splitlines()]
    assert [line["event"] for line in lines] == ["probe.structlog_line", "a stdlib line"]
    assert all(line["service"] == "probe" for line in lines)
