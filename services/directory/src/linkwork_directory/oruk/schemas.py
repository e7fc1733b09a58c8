"""The compiled ORUK JSON Schemas shipped with the package, as validators that check formats
(uuid, email, uri, date-time) too. Tests validate every read endpoint's answers with them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any, Literal

from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]

SchemaName = Literal[
    "service",
    "service_list",
    "service_at_location",
    "service_at_location_list",
    "taxonomy",
    "taxonomy_term",
]


def load(name: str) -> dict[str, Any]:
    """One schema file of `oruk/schema/` (e.g. "service", "openapi")."""
    text = resources.files(__package__).joinpath("schema", f"{name}.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


def page_schema(item: SchemaName) -> dict[str, Any]:
    """An ORUK page (openapi `Page`) whose `contents` are `item`s; every page field required."""
    page = load("openapi")["components"]["schemas"]["Page"]
    return {
        "type": "object",
        "properties": {
            **page["properties"],
            "contents": {"type": "array", "items": load(item)},
        },
        "required": [*page["properties"], "contents"],
    }


@cache
def validator(name: SchemaName, *, page: bool = False) -> Draft202012Validator:
    schema = page_schema(name) if page else load(name)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def problems(document: Any, name: SchemaName, *, page: bool = False) -> list[str]:
    """Every way `document` breaks the schema, as "<json path>: <message>"; empty when valid."""
    errors = validator(name, page=page).iter_errors(document)
    return sorted(f"{error.json_path}: {error.message}" for error in errors)
