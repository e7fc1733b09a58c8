"""An ORUK feed as it arrives for import: one object, a JSON array, or an ORUK page of them.
Each object is told apart by its fields (or by `kind`), parsed, and refused with the JSON
path of the first problem."""

from __future__ import annotations

import uuid
from typing import Any, Literal, get_args

from pydantic import BaseModel, ValidationError

from linkwork_directory.oruk.entities import Taxonomy, TaxonomyTerm
from linkwork_directory.oruk.models import Organization, Service, ServiceAtLocation

Kind = Literal["service", "organization", "service_at_location", "taxonomy", "taxonomy_term"]
KINDS: tuple[str, ...] = get_args(Kind)
MODELS: dict[str, type[BaseModel]] = {
    "service": Service,
    "organization": Organization,
    "service_at_location": ServiceAtLocation,
    "taxonomy": Taxonomy,
    "taxonomy_term": TaxonomyTerm,
}


class FeedError(ValueError):
    """What is wrong with a feed, and where (a JSON path)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


def kind_of(document: dict[str, Any]) -> Kind | None:
    if "status" in document:
        return "service"
    if "services" in document or "organization_identifiers" in document:
        return "organization"
    if {"location", "location_id"} & document.keys() and {
        "service",
        "service_id",
    } & document.keys():
        return "service_at_location"
    if "taxonomy_terms" in document or "version" in document:
        return "taxonomy"
    if {"term", "taxonomy", "taxonomy_id", "parent_id", "term_uri"} & document.keys():
        return "taxonomy_term"
    return None


def _path(where: str, loc: tuple[int | str, ...]) -> str:
    return where + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)


def parse_object(document: Any, where: str, kind: Kind | None) -> tuple[BaseModel, str]:
    if not isinstance(document, dict):
        raise FeedError(where, "an ORUK object must be a JSON object")
    found = kind or kind_of(document)
    if found is None:
        raise FeedError(
            where,
            f"cannot tell which ORUK object this is; say it with ?kind= ({', '.join(KINDS)})",
        )
    try:
        return MODELS[found].model_validate(document), where
    except ValidationError as exc:
        first = exc.errors()[0]
        more = f" (and {exc.error_count() - 1} more problems)" if exc.error_count() > 1 else ""
        raise FeedError(_path(where, first["loc"]), f"{first['msg']}{more}") from None


def parse_feed(body: Any, kind: Kind | None = None) -> list[tuple[BaseModel, str]]:
    """Every ORUK object in the body, each with the JSON path it came from."""
    if isinstance(body, list):
        items = [(item, f"$[{i}]") for i, item in enumerate(body)]
    elif isinstance(body, dict) and isinstance(body.get("contents"), list):
        items = [(item, f"$.contents[{i}]") for i, item in enumerate(body["contents"])]
    else:
        items = [(body, "$")]
    if not items:
        raise FeedError("$", "the feed holds no ORUK objects")
    return [parse_object(item, where, kind) for item, where in items]


NESTED_LISTS = frozenset(
    {
        "schedules",
        "service_areas",
        "service_at_locations",
        "languages",
        "funding",
        "cost_options",
        "contacts",
        "attributes",
        "addresses",
        "accessibility",
        "organization_identifiers",
        "taxonomy_terms",
    }
)
NESTED_OBJECTS = frozenset({"location", "organization", "taxonomy_term"})


def with_ids(document: Any) -> Any:
    """A directory manager's document with a new UUID wherever an object lacks its `id`
    (ORUK needs one on every object; a person typing a service should not have to)."""
    if not isinstance(document, dict):
        return document
    filled = dict(document)
    filled.setdefault("id", str(uuid.uuid4()))
    for key, value in document.items():
        if key in NESTED_LISTS and isinstance(value, list):
            filled[key] = [with_ids(item) for item in value]
        elif key in NESTED_OBJECTS and isinstance(value, dict):
            filled[key] = with_ids(value)
    return filled
