"""A service's places for new people: taken when a provider accepts a link, given back when
the link ends. Without a total the service does not count places (never full)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from linkwork_runtime.refusals import Conflict


class ServiceFull(Conflict):
    """No place is free for one more person."""


@dataclass(frozen=True)
class Capacity:
    total: int | None
    in_use: int

    @classmethod
    def of(cls, service: Mapping[str, Any]) -> Capacity:
        """A stored service's capacity."""
        return cls(service["capacity"]["total"], service["capacity"]["in_use"])

    @property
    def available(self) -> int | None:
        return None if self.total is None else max(self.total - self.in_use, 0)

    @property
    def full(self) -> bool:
        return self.available == 0

    def taking_one(self, service_name: str) -> Capacity:
        if self.full:
            raise ServiceFull(
                f"{service_name} is full: {self.in_use} of {self.total} places are taken; "
                "decline the link, or raise the service's capacity first"
            )
        return Capacity(self.total, self.in_use + 1)

    def giving_back_one(self) -> Capacity:
        return Capacity(self.total, max(self.in_use - 1, 0))

    def view(self) -> dict[str, Any]:
        return {
            "capacity_total": self.total,
            "capacity_available": self.available,
            "places_in_use": self.in_use,
            "full": self.full,
        }
