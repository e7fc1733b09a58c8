"""Which practices make up each primary care network (PCN) and integrated care board (ICB),
read from a CSV of `practice_code,practice_name,pcn_code,pcn_name,icb_code,icb_name` (the
sample for the demo practices is `dev/practices.csv`; README, "Insights", says how to make
one from NHS England's published ePCN file)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

COLUMNS = ("practice_code", "practice_name", "pcn_code", "pcn_name", "icb_code", "icb_name")


class BadPracticeFile(ValueError):
    """The practice file cannot be read; the message names the line and the column."""


@dataclass(frozen=True)
class Practices:
    pcn_of: dict[str, str]
    icb_of: dict[str, str]

    def in_pcn(self, pcn: str) -> frozenset[str]:
        return frozenset(code for code, of in self.pcn_of.items() if of == pcn)

    def in_icb(self, icb: str) -> frozenset[str]:
        return frozenset(code for code, of in self.icb_of.items() if of == icb)


def read_practices(text: str) -> Practices:
    rows = csv.DictReader(io.StringIO(text))
    missing = [
        c for c in ("practice_code", "pcn_code", "icb_code") if c not in (rows.fieldnames or [])
    ]
    if missing:
        raise BadPracticeFile(f"line 1: the header lacks {', '.join(missing)}")
    pcn_of: dict[str, str] = {}
    icb_of: dict[str, str] = {}
    for number, row in enumerate(rows, start=2):
        code = (row["practice_code"] or "").strip().upper()
        pcn, icb = (row["pcn_code"] or "").strip().upper(), (row["icb_code"] or "").strip().upper()
        if not code or not pcn or not icb:
            raise BadPracticeFile(f"line {number}: practice_code, pcn_code and icb_code are needed")
        pcn_of[code], icb_of[code] = pcn, icb
    return Practices(pcn_of, icb_of)
