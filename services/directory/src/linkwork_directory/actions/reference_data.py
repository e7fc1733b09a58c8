"""Reference data every directory has: Linkwork's needs taxonomy, imported (idempotently) at
start so "search by need" and unmet-need reports name the same terms everywhere."""

from __future__ import annotations

from linkwork_directory.actions.reference_objects import save_reference_objects
from linkwork_directory.domain import needs
from linkwork_directory.domain.bundle import Bundle
from linkwork_directory.oruk.entities import Taxonomy
from linkwork_directory.store import Tx


async def ensure_needs_taxonomy(tx: Tx) -> None:
    bundle = Bundle()
    bundle.add(Taxonomy.model_validate(needs.taxonomy()), "$")
    await save_reference_objects(tx, bundle)
