"""The handler tier of the journey service: its subscriptions and actions on a real MongoDB."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from linkwork_devstack.handler_tier import HandlerTier, handler_tier
from linkwork_journey.app import definition
from linkwork_journey.settings import Settings


@pytest.fixture
async def tier(settings: Settings) -> AsyncIterator[HandlerTier]:
    async with handler_tier(definition(settings)) as tier:
        yield tier
