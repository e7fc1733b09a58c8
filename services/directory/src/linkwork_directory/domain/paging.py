"""ORUK pages: the counts and flags every list response carries around its `contents`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MAX_PER_PAGE = 500


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = 50

    @property
    def skip(self) -> int:
        return (self.page - 1) * self.per_page


def page(contents: Sequence[Any], total_items: int, request: PageRequest) -> dict[str, Any]:
    total_pages = max(1, math.ceil(total_items / request.per_page))
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": request.page,
        "size": len(contents),
        "first_page": request.page == 1,
        "last_page": request.page >= total_pages,
        "empty": len(contents) == 0,
        "contents": list(contents),
    }
