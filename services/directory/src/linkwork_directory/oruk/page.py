"""ORUK pages: the counts and flags every ORUK list answer carries around its `contents`
(ORUK's own envelope, not Linkwork's `{total, page, per_page, items}`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from linkwork_runtime.paging import PageRequest


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
