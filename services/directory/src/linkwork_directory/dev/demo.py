"""Demo data for `make up`: the needs taxonomy always; when the directory is empty (and
DEMO_DIRECTORY is on), the Leeds demo directory, its capacities and sample postcodes.
Registered as a worker, so it runs at every start and does nothing the second time."""

from __future__ import annotations

import structlog

from linkwork_directory.actions.importing import bundle_of, import_feed
from linkwork_directory.actions.reference_data import ensure_needs_taxonomy
from linkwork_directory.dev import demo_directory
from linkwork_directory.domain.postcode_file import read_centroids
from linkwork_directory.postcodes import load_centroids
from linkwork_directory.settings import Settings
from linkwork_directory.store import Store
from linkwork_runtime.service import Runtime

log = structlog.get_logger(__name__)
SOURCE = "linkwork-demo"


async def seed_if_empty(runtime: Runtime[Store]) -> None:
    settings = runtime.settings
    assert isinstance(settings, Settings)
    try:
        await runtime.uow.run(ensure_needs_taxonomy)
        if settings.demo_directory and not await runtime.store.services.any():
            await seed_demo_directory(runtime)
    except Exception:
        log.exception("directory.demo_seed_failed")  # the service runs on without demo data


async def seed_demo_directory(runtime: Runtime[Store]) -> None:
    sample = read_centroids(demo_directory.sample_postcodes(), "sample")
    loaded = await load_centroids(runtime.store.postcodes, sample)
    bundle = bundle_of(demo_directory.organizations(), "organization")
    report = await import_feed(
        runtime.uow, bundle, SOURCE, complete=True, capacities=demo_directory.capacities()
    )
    log.info("directory.demo_seeded", services=len(report["services"]["listed"]), postcodes=loaded)
