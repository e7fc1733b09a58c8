"""What changed between two versions of a service: the ORUK fields a consumer is told about
in ServiceUpdated, compared by value so a re-import of the same feed changes nothing."""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def fingerprint(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode()).hexdigest()


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Top-level field names whose values differ (absent and null are the same)."""
    names = {k for k in before if before[k] is not None} | {
        k for k in after if after[k] is not None
    }
    return sorted(n for n in names if canonical(before.get(n)) != canonical(after.get(n)))
