"""Managers register link workers and their capacity; freed capacity takes waiting referrals."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from linkwork_referral import assignment
from linkwork_referral.domain.capacity import default_caseload_cap
from linkwork_referral.http_deps import RuntimeDep, SettingsDep
from linkwork_referral.store import LinkWorkers
from linkwork_runtime.auth import Principal, Role, require_roles
from linkwork_runtime.unit_of_work import Transaction

router = APIRouter(tags=["link workers"])
Manager = Annotated[Principal, Depends(require_roles(Role.MANAGER))]
Reader = Annotated[Principal, Depends(require_roles(Role.MANAGER, Role.LINK_WORKER))]
ODS = re.compile(r"^[A-Z0-9]{3,10}$")


class LinkWorkerChanges(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(default=None, min_length=1)
    email: EmailStr | None = None
    team_id: str | None = None
    practices: list[str] | None = Field(default=None, description="ODS codes of practices served")
    pcn: str | None = Field(default=None, description="Primary care network")
    fte: float | None = Field(
        default=None, gt=0, le=1.5, description="Working pattern, 1.0 = full time"
    )
    caseload_cap: int | None = Field(default=None, ge=0, le=1000)
    active: bool | None = None

    @field_validator("practices")
    @classmethod
    def _ods_codes(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        codes = [code.strip().upper() for code in value]
        bad = [code for code in codes if not ODS.match(code)]
        if bad:
            raise ValueError(f"not ODS codes: {bad}")
        return codes


class NewLinkWorker(LinkWorkerChanges):
    link_worker_id: str = Field(min_length=1, description="Their user id (the JWT `sub`)")
    name: str = Field(min_length=1)
    practices: list[str] = Field(min_length=1)
    fte: float = Field(default=1.0, gt=0, le=1.5)
    active: bool = True


def _view(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "link_worker_id": doc["_id"],
        **{k: v for k, v in doc.items() if k != "_id"},
        "spare": doc["caseload_cap"] - doc["open_caseload"],
    }


@router.post("/link-workers", status_code=201, summary="Register a link worker")
async def register(body: NewLinkWorker, who: Manager, rt: RuntimeDep, settings: SettingsDep) -> Any:
    cap = body.caseload_cap
    if cap is None:
        cap = default_caseload_cap(body.fte, settings.caseload_weeks_per_person)
    document = {
        **body.model_dump(exclude={"link_worker_id", "caseload_cap"}),
        "_id": body.link_worker_id,
        "team_id": body.team_id or who.team_id,
        "caseload_cap": cap,
        "open_caseload": 0,
        "registered_at": datetime.now(UTC),
        "registered_by": who.sub,
    }

    async def work(tx: Transaction) -> None:
        workers = LinkWorkers(tx.db, tx.session)
        if await workers.get(body.link_worker_id):
            raise HTTPException(
                409, {"error": "exists", "message": f"link worker {body.link_worker_id!r} exists"}
            )
        await workers.add(document)
        await assignment.assign_waiting(tx, settings)

    await rt.uow.run(work)
    return _view(await LinkWorkers(rt.db).get(body.link_worker_id) or document)


@router.get("/link-workers", summary="Link workers you may see, with their capacity")
async def list_workers(who: Reader, rt: RuntimeDep) -> dict[str, Any]:
    if who.has(Role.MANAGER):
        filters = {"team_id": who.team_id} if who.team_id else {}
    else:
        filters = {"_id": who.sub}
    return {"items": [_view(doc) for doc in await LinkWorkers(rt.db).all(filters)]}


@router.patch("/link-workers/{link_worker_id}", summary="Change a link worker's details")
async def change(
    link_worker_id: str,
    body: LinkWorkerChanges,
    who: Manager,
    rt: RuntimeDep,
    settings: SettingsDep,
) -> Any:
    fields = body.model_dump(exclude_unset=True)
    if "fte" in fields and "caseload_cap" not in fields:
        fields["caseload_cap"] = default_caseload_cap(
            fields["fte"], settings.caseload_weeks_per_person
        )

    async def work(tx: Transaction) -> dict[str, Any] | None:
        workers = LinkWorkers(tx.db, tx.session)
        current = await workers.get(link_worker_id)
        if current is None or (who.team_id and current.get("team_id") != who.team_id):
            return None
        updated = await workers.update(link_worker_id, fields)
        await assignment.assign_waiting(tx, settings)  # more capacity may take waiting ones
        return updated

    updated = await rt.uow.run(work)
    if updated is None:
        raise HTTPException(
            404, {"error": "not_found", "message": f"no link worker {link_worker_id!r}"}
        )
    return _view(await LinkWorkers(rt.db).get(link_worker_id) or updated)
