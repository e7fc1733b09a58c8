"""Generic FHIR Bundle reading: entries found by reference, and small value helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from linkwork_schemas.catalogue import InvalidMessage

Resource = dict[str, Any]


@dataclass(frozen=True, eq=False)  # an entry is itself: compared by identity
class Entry:
    """One resource in the bundle and where it sits, for error locations."""

    resource: Resource
    where: str

    @property
    def type(self) -> str | None:
        return as_text(self.resource.get("resourceType"))


class MessageEntries:
    """The entries of a message bundle, found by reference rather than by position."""

    def __init__(self, entries: list[Entry], full_urls: dict[str, list[Entry]]) -> None:
        self.entries = entries
        self._keys: dict[str, list[Entry]] = dict(full_urls)
        for entry in entries:
            if (ident := as_text(entry.resource.get("id"))) and entry.type:
                # Real senders also write bare ids ("reference": "<uuid>"); kept if unambiguous.
                for key in (f"{entry.type}/{ident}", ident):
                    if entry not in (found := self._keys.setdefault(key, [])):
                        found.append(entry)

    def resolve(self, reference: object) -> Entry | None:
        """The entry a FHIR Reference points at; None when absent or ambiguous."""
        target = as_text(reference.get("reference")) if isinstance(reference, dict) else None
        if target is None:
            return None
        target = target.split("/_history/")[0]
        parts = target.rstrip("/").split("/")
        for key in (target, "/".join(parts[-2:])):
            found = self._keys.get(key, [])
            if len(found) == 1:
                return found[0]
        return None

    def resolve_as(self, reference: object, *types: str) -> Entry | None:
        entry = self.resolve(reference)
        return entry if entry is not None and entry.type in types else None

    def resolve_only_as(self, reference: object, where: str, *types: str) -> Entry | None:
        """`resolve_as`, but a reference to an entry of another type (a requester naming its
        own ServiceRequest, a PractitionerRole whose practitioner is itself) is refused at
        `where`: the bundle's references are broken or circular, not a part missing."""
        entry = self.resolve(reference)
        if entry is not None and entry.type not in types:
            raise InvalidMessage(
                f"the reference points at the {entry.type} at {entry.where}, not a "
                f"{' or '.join(types)}: the bundle's references are broken or circular",
                where,
            )
        return entry

    def of_type(self, resource_type: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.type == resource_type]


def message_entries(bundle: object) -> MessageEntries:
    if not (isinstance(bundle, dict) and bundle.get("resourceType") == "Bundle"):
        raise InvalidMessage("a BaRS message must be a FHIR Bundle", "$.resourceType")
    if bundle.get("type") != "message":
        raise InvalidMessage("a BaRS message must be a Bundle of type 'message'", "$.type")
    raw = bundle.get("entry")
    if not isinstance(raw, list) or not raw:
        raise InvalidMessage("the message bundle has no entries", "$.entry")
    entries: list[Entry] = []
    full_urls: dict[str, list[Entry]] = {}
    for index, item in enumerate(raw):
        resource = item.get("resource") if isinstance(item, dict) else None
        if not isinstance(resource, dict):
            raise InvalidMessage("each entry must carry a resource object", f"$.entry[{index}]")
        entry = Entry(resource, f"$.entry[{index}].resource")
        entries.append(entry)
        if full_url := as_text(item.get("fullUrl")):
            full_urls.setdefault(full_url, []).append(entry)
    return MessageEntries(entries, full_urls)


def instant(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.utcoffset() is not None else None


def telecom(resource: Resource, *systems: str) -> str | None:
    points = [t for t in as_list(resource.get("telecom")) if t.get("system") in systems]
    point = preferred(points, ("mobile", "home"))
    return as_text(point.get("value"))


def address_lines(address: Resource) -> list[str]:
    # Lines alone lose the town, which a letter needs; the postcode is kept separately.
    parts = [*strings(address.get("line")), address.get("city"), address.get("district")]
    return list(dict.fromkeys(strings(parts)))


def preferred(items: list[Any], uses: tuple[str, ...] = ("home",)) -> Resource:
    """The item whose `use` comes first in `uses`, else the first not marked old."""
    current = [i for i in items if isinstance(i, dict) and i.get("use") != "old"]
    for use in uses:
        for item in current:
            if item.get("use") == use:
                return item
    return current[0] if current else {}


def as_list(value: object) -> list[Resource]:
    """A FHIR repeating element as a list of objects; a lone object counts as one."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


def as_object(value: object) -> Resource:
    return value if isinstance(value, dict) else {}


def strings(value: object) -> list[str]:
    """The non-blank strings of a repeating string element, trimmed."""
    items = value if isinstance(value, list) else [value]
    return [text for item in items if (text := as_text(item))]


def as_text(value: object) -> str | None:
    """A string with content, trimmed; anything else is None."""
    return (value.strip() or None) if isinstance(value, str) else None
