"""The directory's repositories (its `Store`, `tx.store` in a transaction) and their indexes."""

from pymongo import ASCENDING, DESCENDING, IndexModel

from linkwork_directory.store.catalogue import (
    LOCATIONS,
    ORGANIZATIONS,
    SERVICE_AT_LOCATIONS,
    SERVICES,
    TAXONOMIES,
    TAXONOMY_TERMS,
    Locations,
    Organizations,
    ServiceAtLocations,
    Services,
    Taxonomies,
    TaxonomyTerms,
)
from linkwork_directory.store.consents import CONSENTS, Consents
from linkwork_directory.store.journeys import JOURNEYS, Journeys
from linkwork_directory.store.links import LINKS, Links
from linkwork_directory.store.postcodes import POSTCODES, Postcodes
from linkwork_directory.store.reports import IMPORTS, UNMET_NEEDS, ImportRuns, UnmetNeeds
from linkwork_runtime.repository import Stores, repository
from linkwork_runtime.unit_of_work import Transaction

INDEXES = {
    ORGANIZATIONS: [],
    SERVICES: [
        IndexModel([("oruk.name", ASCENDING)]),
        IndexModel([("organization_id", ASCENDING)]),
        IndexModel([("term_ids", ASCENDING)]),
        IndexModel([("source", ASCENDING)]),
    ],
    LOCATIONS: [
        IndexModel([("latitude", ASCENDING), ("longitude", ASCENDING)]),
        IndexModel([("postcode", ASCENDING)]),
    ],
    SERVICE_AT_LOCATIONS: [
        IndexModel([("service_id", ASCENDING)]),
        IndexModel([("location_id", ASCENDING)]),
    ],
    TAXONOMIES: [],
    TAXONOMY_TERMS: [
        IndexModel([("taxonomy_id", ASCENDING)]),
        IndexModel([("parent_id", ASCENDING)]),
    ],
    LINKS: [
        IndexModel([("status", ASCENDING), ("expires_at", ASCENDING)]),
        IndexModel([("status", ASCENDING), ("next_reminder_at", ASCENDING)]),
        IndexModel([("organization_id", ASCENDING), ("linked_at", DESCENDING)]),
        IndexModel([("link_worker_id", ASCENDING), ("linked_at", DESCENDING)]),
        IndexModel([("team_id", ASCENDING), ("linked_at", DESCENDING)]),
        IndexModel([("journey_id", ASCENDING)]),
    ],
    JOURNEYS: [IndexModel([("referral_id", ASCENDING)])],  # else by _id, the journey id
    CONSENTS: [],  # looked up by _id, the referral id
    POSTCODES: [IndexModel([("district", ASCENDING)]), IndexModel([("sector", ASCENDING)])],
    UNMET_NEEDS: [IndexModel([("recorded_at", ASCENDING)])],
    IMPORTS: [IndexModel([("imported_at", DESCENDING)])],
}


class Store(Stores):
    """Every collection of the directory, as `store.services`, `tx.store.links`..."""

    organizations = repository(Organizations)
    services = repository(Services)
    locations = repository(Locations)
    service_at_locations = repository(ServiceAtLocations)
    taxonomies = repository(Taxonomies)
    taxonomy_terms = repository(TaxonomyTerms)
    links = repository(Links)
    journeys = repository(Journeys)
    consents = repository(Consents)
    postcodes = repository(Postcodes)
    unmet_needs = repository(UnmetNeeds)
    import_runs = repository(ImportRuns)


Tx = Transaction[Store]

__all__ = ["INDEXES", "Store", "Tx"]
