"""ORUK services, service-at-locations and organizations as they arrive (a full service, a
page of services, an organization with its services), parsed into pydantic at the boundary."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from linkwork_directory.oruk.entities import (
    Attribute,
    Location,
    OrganizationIdentifier,
    Taxonomy,
    TaxonomyTerm,
)
from linkwork_directory.oruk.fields import DateTime, Email, Id, OrukModel, TimeOfDay, Uri

ServiceStatus = Literal["active", "inactive", "defunct", "temporarily closed"]


class Schedule(OrukModel):
    id: Id
    valid_from: str | None = None
    valid_to: str | None = None
    dtstart: str | None = None
    freq: Literal["WEEKLY", "MONTHLY"] | None = None
    interval: float | None = None
    byday: str | None = Field(default=None, description="iCal days, e.g. MO,TH or 2MO")
    bymonthday: str | None = None
    description: str | None = None
    opens_at: TimeOfDay | None = None
    closes_at: TimeOfDay | None = None
    schedule_link: Uri | None = None
    attending_type: str | None = None
    notes: str | None = None


class ServiceArea(OrukModel):
    id: Id
    name: str | None = None
    extent: str | None = None
    extent_type: str | None = None
    uri: str | None = None
    service_area: str | None = None


class Language(OrukModel):
    id: Id
    name: str | None = None
    code: str | None = None
    note: str | None = None


class Funding(OrukModel):
    id: Id
    source: str | None = None


class CostOption(OrukModel):
    id: Id
    valid_from: str | None = None
    valid_to: str | None = None
    option: str | None = None
    currency: str | None = None
    amount: float | None = None
    amount_description: str | None = None


class Contact(OrukModel):
    id: Id
    name: str | None = None
    title: str | None = None
    department: str | None = None
    email: Email | None = None
    attributes: list[Attribute] = Field(default_factory=list)


class Organization(OrukModel):
    id: Id
    name: str = Field(min_length=1)
    description: str
    email: Email | None = None
    website: Uri | None = None
    logo: str | None = None
    uri: Uri | None = None
    parent_organization_id: Id | None = None
    organization_identifiers: list[OrganizationIdentifier] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)
    services: list[Service] = Field(default_factory=list)


class Service(OrukModel):
    id: Id
    organization_id: Id | None = None
    name: str = Field(min_length=1)
    description: str | None = None
    url: Uri | None = None
    email: Email | None = None
    status: ServiceStatus
    fees: str | None = None
    accreditations: str | None = None
    minimum_age: int | float | None = Field(default=None, ge=0)
    maximum_age: int | float | None = Field(default=None, ge=0)
    assured_date: str | None = None
    assurer_email: Email | None = None
    alert: str | None = None
    last_modified: DateTime | None = None
    schedules: list[Schedule] = Field(default_factory=list)
    service_areas: list[ServiceArea] = Field(default_factory=list)
    service_at_locations: list[ServiceAtLocation] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    organization: Organization | None = None
    funding: list[Funding] = Field(default_factory=list)
    cost_options: list[CostOption] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ages_in_order(self) -> Self:
        low, high = self.minimum_age, self.maximum_age
        if low is not None and high is not None and low > high:
            raise ValueError(f"minimum_age {low:g} is above maximum_age {high:g}")
        return self


class ServiceAtLocation(OrukModel):
    id: Id
    service_id: Id | None = None
    location_id: Id | None = None
    description: str | None = None
    location: Location | None = None
    service: Service | None = None
    schedules: list[Schedule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_location(self) -> Self:
        if self.location is None and self.location_id is None:
            raise ValueError("a service_at_location needs its location (or a location_id)")
        return self


Organization.model_rebuild()
Service.model_rebuild()

OrukDocument = Service | Organization | ServiceAtLocation | Taxonomy | TaxonomyTerm
