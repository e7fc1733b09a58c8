"""Postcode centroids loaded into the directory's database, so searches near a postcode work
(the command: `python -m linkwork_directory.postcodes FILE --prefix LS`)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from linkwork_directory.store.postcodes import Postcodes
from linkwork_runtime.mongo import Document

BATCH = 1000


async def load_centroids(postcodes: Postcodes, rows: Iterable[Document]) -> int:
    """Insert or replace the centroids, a batch at a time; how many were loaded."""
    loaded = 0
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, BATCH)):
        await postcodes.load(batch)
        loaded += len(batch)
    return loaded
