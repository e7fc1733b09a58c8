"""Pages of the console: practice (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["practice"])
