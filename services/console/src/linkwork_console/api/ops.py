"""Pages of the console: ops (being built)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["ops"])
