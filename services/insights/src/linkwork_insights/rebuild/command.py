"""The command line of the rebuild, with its progress bar (tqdm)."""

from __future__ import annotations

import argparse
import asyncio

from tqdm import tqdm

from linkwork_insights.app import subscriptions
from linkwork_insights.rebuild.replay import count_events, rebuild
from linkwork_insights.settings import Settings


async def _run(settings: Settings) -> str:
    total = await count_events(settings, [s.topic for s in subscriptions()])
    with tqdm(total=total, unit="event", desc="replaying") as bar:
        return await rebuild(settings, bar.update)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="linkwork-insights rebuild",
        description="Replay referral.events, journey.events and directory.events from the "
        "earliest offset into a fresh database, carry the published reports over, and switch "
        "the service to it (settings from the environment, as the service's).",
    )
    parser.parse_args(argv)
    fresh = asyncio.run(_run(Settings()))
    print(f"insights now runs on {fresh}: restart linkwork-insights to serve from it")
    return 0
