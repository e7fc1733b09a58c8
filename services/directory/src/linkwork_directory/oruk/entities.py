"""ORUK objects other than services: taxonomies and terms, attributes, locations with their
addresses and accessibility, organizations' identifiers. Parsed at the import boundary."""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, model_validator

from linkwork_directory.oruk.fields import Id, OrukModel, Uri


class TaxonomyTerm(OrukModel):
    id: Id
    name: str | None = None
    description: str | None = None
    parent_id: Id | None = None
    taxonomy: str | None = None
    taxonomy_id: Id | None = None
    term_uri: Uri | None = None
    term: str | None = None
    code: str | None = None

    @model_validator(mode="after")
    def _named(self) -> Self:
        if not (self.name or self.term):
            raise ValueError("a taxonomy term needs a name (or a term)")
        return self


class Taxonomy(OrukModel):
    id: Id
    name: str = Field(min_length=1)
    description: str
    uri: Uri | None = None
    version: str | None = None
    taxonomy_terms: list[TaxonomyTerm] = Field(default_factory=list)


class Attribute(OrukModel):
    """Links an object to a taxonomy term: how a service says what it is for."""

    id: Id
    link_id: Id | None = None
    taxonomy_term_id: Id | None = None
    link_type: str | None = None
    link_entity: str | None = None
    value: str | None = None
    taxonomy_term: TaxonomyTerm | None = None

    @model_validator(mode="after")
    def _term(self) -> Self:
        if self.taxonomy_term_id is None and self.taxonomy_term is None:
            raise ValueError("an attribute needs a taxonomy_term_id or a taxonomy_term")
        if self.taxonomy_term_id is None and self.taxonomy_term is not None:
            self.taxonomy_term_id = self.taxonomy_term.id
        return self


AddressType = Literal["physical", "postal", "virtual"]


class Address(OrukModel):
    id: Id
    attention: str | None = None
    address_1: str = Field(min_length=1)
    address_2: str | None = None
    city: str = Field(min_length=1)
    region: str | None = None
    state_province: str
    postal_code: str = Field(min_length=1)
    country: str = Field(min_length=2)
    address_type: AddressType


class Accessibility(OrukModel):
    id: Id
    description: str | None = None
    details: str | None = None
    url: Uri | None = None
    accessibility: str | None = None


class Location(OrukModel):
    id: Id
    location_type: AddressType
    url: Uri | None = None
    name: str | None = None
    alternate_name: str | None = None
    description: str | None = None
    transportation: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    external_identifier: str | None = None
    external_identifier_type: str | None = None
    addresses: list[Address] = Field(default_factory=list)
    accessibility: list[Accessibility] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)


class OrganizationIdentifier(OrukModel):
    id: Id
    identifier_scheme: str | None = None
    identifier_type: str = Field(min_length=1)
    identifier: str = Field(min_length=1)
