"""Pages of the console: journeys (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["journeys"])
