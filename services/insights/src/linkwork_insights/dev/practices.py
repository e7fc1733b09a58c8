"""Reading the practice file: the one named by PRACTICES_FILE, else the shipped sample."""

from __future__ import annotations

from pathlib import Path

from linkwork_insights.domain.practices import Practices, read_practices

SAMPLE = Path(__file__).with_name("practices.csv")


def load_practices(path: str = "") -> Practices:
    return read_practices(Path(path or SAMPLE).read_text(encoding="utf-8-sig"))
