"""Pages of a list: what was asked for (page number and size) and the envelope every list
answer carries, `{"total", "page", "per_page", "items"}`. Pure: no web framework here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PageRequest:
    page: int = 1
    per_page: int = 50

    @property
    def skip(self) -> int:
        return (self.page - 1) * self.per_page

    def cut(self, items: list[Any]) -> list[Any]:
        """This page of a list held in memory (e.g. results ranked by distance)."""
        return items[self.skip : self.skip + self.per_page]


def page_of(items: Iterable[Any], total: int, request: PageRequest, **extra: Any) -> dict[str, Any]:
    """The page envelope; `extra` adds fields of a list's own (e.g. an unread count)."""
    return {
        "total": total,
        **extra,
        "page": request.page,
        "per_page": request.per_page,
        "items": list(items),
    }
