"""Recording that no suitable service exists, explicitly or by confirming an empty search.
Nothing identifies the person: need, district, age band."""

from __future__ import annotations

import uuid
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from linkwork_directory.domain import needs
from linkwork_directory.domain.geo import BadPostcode, district
from linkwork_directory.domain.unmet_needs import BANDS, age_band
from linkwork_directory.queries.search import find_services
from linkwork_directory.queries.search_parameters import SearchBody
from linkwork_directory.store import Tx
from linkwork_runtime.auth import Principal
from linkwork_runtime.mongo import Document
from linkwork_runtime.refusals import Conflict, Unprocessable
from linkwork_schemas.common import NeedDomain
from linkwork_schemas.directory import UnmetNeedRecorded, UnmetNeedRecordedPayload


class UnmetNeedReport(BaseModel):
    model_config = ConfigDict(extra="forbid")
    need_domain: NeedDomain | None = None
    postcode: str | None = Field(default=None, description="Kept only as its district")
    area: str | None = Field(default=None, description="A postcode district, e.g. LS6")
    age: int | None = Field(default=None, ge=0, le=120, description="Kept only as a band")
    age_band: str | None = Field(default=None, description=f"One of {', '.join(BANDS)}")
    taxonomy_term_id: str | None = None
    search_text: str | None = Field(default=None, max_length=200)
    from_search: SearchBody | None = Field(
        default=None, description="A search that found nothing: it is run again to confirm"
    )

    @model_validator(mode="after")
    def _band(self) -> Self:
        if self.age_band is not None and self.age_band not in BANDS:
            raise ValueError(f"age_band must be one of {', '.join(BANDS)}")
        return self


async def confirmed(report: UnmetNeedReport, tx: Tx) -> UnmetNeedReport:
    """The report with the empty search's need, place, age and words filled in."""
    search = report.from_search
    if search is None:
        return report
    found, _ = await find_services(tx.store, search.search())
    if found:
        raise Conflict(
            f"the search finds {len(found)} services; link one, or record the "
            "unmet need without from_search"
        )
    return report.model_copy(
        update={
            "need_domain": report.need_domain or search.need,
            "postcode": report.postcode or search.postcode,
            "age": report.age if report.age is not None else search.age,
            "taxonomy_term_id": report.taxonomy_term_id or search.taxonomy_term_id,
            "search_text": report.search_text or search.text,
        }
    )


async def record_unmet_need(tx: Tx, report: UnmetNeedReport, principal: Principal) -> Document:
    report = await confirmed(report, tx)
    need = report.need_domain or await _need_of(tx, report.taxonomy_term_id)
    if need is None:
        raise Unprocessable("say which need went unmet", where="need_domain")
    try:
        area = district(report.area or report.postcode or "")
    except BadPostcode:
        raise Unprocessable(
            "give a postcode or postcode district (e.g. LS6)", where="area"
        ) from None
    band = report.age_band or (age_band(report.age) if report.age is not None else None)
    need_id = str(uuid.uuid4())
    record = {
        "_id": need_id,
        "need_domain": need.value,
        "area": area,
        "age_band": band,
        "taxonomy_term_id": report.taxonomy_term_id,
        "search_text": report.search_text,
        "team_id": principal.team_id,
        "recorded_at": tx.now,
    }
    await tx.store.unmet_needs.add(record)
    await tx.record(
        UnmetNeedRecorded,
        aggregate_id=need_id,
        payload=UnmetNeedRecordedPayload(
            need_domain=need,
            area=area,
            age_band=band,
            taxonomy_term_id=report.taxonomy_term_id,
            search_text=report.search_text,
        ),
    )
    return record


async def _need_of(tx: Tx, term_id: str | None) -> NeedDomain | None:
    if not term_id:
        return None
    for term in await tx.store.taxonomy_terms.ancestors(term_id):
        need = needs.need_of_term(term)
        if need is not None:
            return need
    return None
