"""Unmet needs as the directory recorded them: need, postcode district, age band, month."""

from __future__ import annotations

from linkwork_runtime.repository import Repository


class UnmetNeeds(Repository):
    collection_name = "unmet_needs"
