"""An ORUK feed flattened into its objects, each once, related by id: what an import writes.
Nested objects (a service's organization, its locations, its attributes' terms) are pulled
out; a service without an organization, or a location without coordinates on earth, is
reported with the path it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from linkwork_directory.domain.geo import Point
from linkwork_directory.oruk.entities import Attribute, Location, Taxonomy, TaxonomyTerm
from linkwork_directory.oruk.feed import FeedError
from linkwork_directory.oruk.models import Organization, Service, ServiceAtLocation


@dataclass
class Bundle:
    organizations: dict[str, Organization] = field(default_factory=dict)
    services: dict[str, tuple[Service, str]] = field(default_factory=dict)  # with its org id
    locations: dict[str, Location] = field(default_factory=dict)
    service_at_locations: dict[str, tuple[ServiceAtLocation, str, str]] = field(
        default_factory=dict
    )  # with service id and location id
    taxonomies: dict[str, Taxonomy] = field(default_factory=dict)
    terms: dict[str, tuple[TaxonomyTerm, str | None]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "organizations": len(self.organizations),
            "services": len(self.services),
            "locations": len(self.locations),
            "service_at_locations": len(self.service_at_locations),
            "taxonomies": len(self.taxonomies),
            "taxonomy_terms": len(self.terms),
        }

    def add(self, item: BaseModel, where: str) -> None:
        if isinstance(item, Organization):
            self._organization(item, where)
        elif isinstance(item, Service):
            self._service(item, where, None)
        elif isinstance(item, ServiceAtLocation):
            self._service_at_location(item, where, None)
        elif isinstance(item, Taxonomy):
            self.taxonomies[item.id] = item
            for term in item.taxonomy_terms:
                self.terms[term.id] = (term, item.id)
        elif isinstance(item, TaxonomyTerm):
            self.terms.setdefault(item.id, (item, item.taxonomy_id))

    def _organization(self, organization: Organization, where: str) -> None:
        self.organizations[organization.id] = organization
        self._attributes(organization.attributes)
        for i, service in enumerate(organization.services):
            self._service(service, f"{where}.services[{i}]", organization.id)

    def _service(self, service: Service, where: str, organization_id: str | None) -> None:
        if service.organization is not None:
            self._organization(service.organization, f"{where}.organization")
        owner = (
            organization_id
            or service.organization_id
            or (service.organization.id if service.organization else None)
        )
        if owner is None:
            raise FeedError(
                f"{where}.organization_id",
                "a service needs its organization (organization_id or a nested organization)",
            )
        self.services[service.id] = (service, owner)
        self._attributes(service.attributes)
        for contact in service.contacts:
            self._attributes(contact.attributes)
        for i, sal in enumerate(service.service_at_locations):
            self._service_at_location(sal, f"{where}.service_at_locations[{i}]", service.id)

    def _service_at_location(
        self, sal: ServiceAtLocation, where: str, service_id: str | None
    ) -> None:
        if sal.service is not None:
            self._service(sal.service, f"{where}.service", None)
        owner = service_id or sal.service_id or (sal.service.id if sal.service else None)
        if owner is None:
            raise FeedError(f"{where}.service_id", "a service_at_location needs its service")
        if sal.location is not None:
            self._location(sal.location, f"{where}.location")
        location_id = sal.location.id if sal.location else sal.location_id
        assert location_id is not None  # the model insists on one of them
        self.service_at_locations[sal.id] = (sal, owner, location_id)

    def _location(self, location: Location, where: str) -> None:
        self.locations[location.id] = location
        self._attributes(location.attributes)
        given = location.latitude is not None or location.longitude is not None
        if given and Point.valid(location.latitude, location.longitude) is None:
            self.warnings.append(
                f"{where}: latitude {location.latitude}, longitude {location.longitude} is not "
                "a point on the earth; the location is kept but not used for distances"
            )

    def _attributes(self, attributes: list[Attribute]) -> None:
        for attribute in attributes:
            if attribute.taxonomy_term is not None:
                term = attribute.taxonomy_term
                self.terms.setdefault(term.id, (term, term.taxonomy_id))
