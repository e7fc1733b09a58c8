"""Value types of ORUK fields, checked as the compiled schemas check them (uuid, uri, email,
date-time), so what is imported renders back valid."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlparse

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr

from linkwork_directory.domain.schedule import hhmmss


class OrukModel(BaseModel):
    """Base of ORUK objects: fields the profile does not define are ignored on import."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a UUID (ORUK identifiers are UUIDs)") from None


def _uri(value: str) -> str:
    parts = urlparse(value)
    if not (parts.scheme and (parts.netloc or parts.scheme in {"mailto", "tel", "urn"})):
        raise ValueError(f"{value!r} is not an absolute URI (e.g. https://example.org/page)")
    return value


def _date_time(value: str) -> str:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date-time") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # naive: taken as UTC
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


Id = Annotated[str, AfterValidator(_uuid)]
Uri = Annotated[str, AfterValidator(_uri)]
Email = EmailStr
DateTime = Annotated[str, AfterValidator(_date_time)]
# ORUK times are "HH:MM[:SS]"; stored as "HH:MM:SS" so they compare as strings.
TimeOfDay = Annotated[str, AfterValidator(hhmmss)]


def new_id() -> str:
    return str(uuid.uuid4())
