"""Pages of the console: provider (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["provider"])
