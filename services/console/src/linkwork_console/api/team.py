"""Pages of the console: team (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["team"])
