"""Demo data for `make up`: the needs taxonomy always; when the directory is empty (and
DEMO_DIRECTORY is on), the Leeds demo directory, its capacities and sample postcodes.
Registered as a worker, so it runs at every start and does nothing the second time."""

from __future__ import annotations

import structlog

from linkwork_directory import demo_directory
from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.domain.postcode_file import read_centroids
from linkwork_directory.importing import import_feed
from linkwork_directory.oruk.feed import parse_feed
from linkwork_directory.postcodes import load_centroids, sample_lines
from linkwork_directory.reference_data import ensure_needs_taxonomy
from linkwork_directory.settings import Settings
from linkwork_directory.store import Postcodes, Services
from linkwork_runtime.service import Runtime

log = structlog.get_logger(__name__)
SOURCE = "linkwork-demo"


async def seed_if_empty(runtime: Runtime) -> None:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    try:
        await ensure_needs_taxonomy(runtime)
        if settings.demo_directory and not await Services(runtime.db).any():
            await seed_demo_directory(runtime)
    except Exception:
        log.exception("directory.demo_seed_failed")  # the service runs on without demo data


async def seed_demo_directory(runtime: Runtime) -> None:
    postcodes = Postcodes(runtime.db)
    loaded = await load_centroids(postcodes, read_centroids(sample_lines(), "sample"))
    bundle = Bundle()
    for item, where in parse_feed(demo_directory.organizations(), "organization"):
        bundle.add(item, where)
    report = await import_feed(
        runtime, bundle, SOURCE, complete=True, capacities=demo_directory.capacities()
    )
    log.info("directory.demo_seeded", services=len(report["services"]["listed"]), postcodes=loaded)
