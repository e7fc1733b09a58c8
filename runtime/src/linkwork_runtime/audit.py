"""The audit trail: one entry for every look at or change to a person's record, and for every
refused attempt, in each service's own `audit` collection, chained so tampering shows.

- Every authenticated HTTP request is audited (`AuditMiddleware`): who (`sub`, roles, team,
  practice, organisation), what (method and route), whose (the referral and journey ids in
  the path, in the answer, or named by the action through `about`; NHS numbers only as a
  keyed hash), when, the correlation id, and the outcome (allowed, or refused with its
  status). Entries never carry the record's content.
- A change writes its entry in the same transaction as the change (`UnitOfWork.run` calls
  `write_in`); a read writes its entry before its answer leaves, and is answered 503 when
  the entry cannot be written: there is no unaudited read.
- The chain: the sealer (one per service, under a lease) gives entries, in the order it
  finds them, a sequence number, the hash of the entry before and their own hash
  (SHA-256 over the entry's fields and the previous hash). `verify` recomputes it and names
  the first entry that was altered or removed.
- Entries expire after AUDIT_RETENTION_YEARS (a TTL index); the chain then starts at the
  oldest kept entry.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import hmac
import json
import uuid
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from bson import ObjectId
from pymongo import ASCENDING, DESCENDING, IndexModel, UpdateOne
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from linkwork_runtime.mongo import Document

log = structlog.get_logger(__name__)

AUDIT = "audit"
LEASE = "audit-sealer"
GENESIS = "0" * 64
YEAR = timedelta(days=365.25)
SUBJECT_FIELDS = {"referral_id": "referral_ids", "journey_id": "journey_ids"}
# The fields the hash covers, in this order (everything an entry says).
HASHED = (
    "_id",
    "at",
    "service",
    "sub",
    "roles",
    "team_id",
    "ods_code",
    "organization_id",
    "kind",
    "method",
    "route",
    "referral_ids",
    "journey_ids",
    "nhs_number_hashes",
    "correlation_id",
    "outcome",
    "status",
)


def audit_indexes(retention_years: float) -> list[IndexModel]:
    return [
        IndexModel([("seq", ASCENDING)]),
        IndexModel([("referral_ids", ASCENDING), ("at", DESCENDING)]),
        IndexModel([("nhs_number_hashes", ASCENDING), ("at", DESCENDING)]),
        IndexModel([("sub", ASCENDING), ("at", DESCENDING)]),
        IndexModel(
            [("at", ASCENDING)], expireAfterSeconds=int(retention_years * YEAR.total_seconds())
        ),
    ]


@dataclass
class Access:
    """One HTTP request's audit entry in the making (shared by the request's tasks)."""

    method: str
    correlation_id: str | None
    route: str | None = None
    authenticating: bool = False
    who: Any = None  # the Principal, once the token named one
    referral_ids: set[str] = field(default_factory=set)
    journey_ids: set[str] = field(default_factory=set)
    nhs_numbers: set[str] = field(default_factory=set)
    written: bool = False

    @property
    def kind(self) -> str:
        return "read" if self.method in ("GET", "HEAD") else "change"

    def note(self, values: Mapping[str, Any]) -> None:
        for name, target in SUBJECT_FIELDS.items():
            value = values.get(name)
            if isinstance(value, str) and value:
                getattr(self, target).add(value)


_current: contextvars.ContextVar[Access | None] = contextvars.ContextVar(
    "linkwork_audit_access", default=None
)


def current_access() -> Access | None:
    return _current.get()


def authenticating(route: str, path_params: Mapping[str, Any]) -> None:
    """The request asks who its caller is: it is audited, whatever the answer."""
    access = _current.get()
    if access is not None:
        access.authenticating = True
        access.route = route
        access.note(path_params)


def caller(principal: Any) -> None:
    """Who the request's token names (the Principal)."""
    access = _current.get()
    if access is not None:
        access.who = principal


def about(
    *, referral_id: str | None = None, journey_id: str | None = None, nhs_number: str | None = None
) -> None:
    """Whose record the current request touches, as an action knows it (a journey's
    referral, say, when the request named only the journey)."""
    access = _current.get()
    if access is None:
        return
    access.note({"referral_id": referral_id, "journey_id": journey_id})
    if nhs_number:
        access.nhs_numbers.add(nhs_number)


def subjects_in(body: Any, access: Access, depth: int = 4) -> None:
    """The ids and NHS numbers an answer shows (what was seen is who was looked at)."""
    if depth < 0:
        return
    if isinstance(body, Mapping):
        access.note(body)
        nhs = body.get("nhs_number")
        if isinstance(nhs, str) and nhs:
            access.nhs_numbers.add(nhs)
        for value in body.values():
            if isinstance(value, (Mapping, list)):
                subjects_in(value, access, depth - 1)
    elif isinstance(body, list):
        for item in body:
            subjects_in(item, access, depth - 1)


def keyed_hash(key: str, nhs_number: str) -> str:
    """An NHS number as the audit keeps it: HMAC-SHA256 under AUDIT_HASH_KEY (the same key
    in every service, so one person's accesses can be found everywhere)."""
    digits = "".join(ch for ch in nhs_number if ch.isdigit())
    return hmac.new(key.encode(), digits.encode(), hashlib.sha256).hexdigest()


def entry_hash(entry: Mapping[str, Any], previous: str) -> str:
    fields = {name: _plain(entry.get(name)) for name in HASHED}
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{previous}|{canonical}".encode()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds")
    if isinstance(value, ObjectId):
        return str(value)
    return value


@dataclass(frozen=True)
class Problem:
    seq: int
    entry_id: str | None
    what: str


@dataclass(frozen=True)
class Verification:
    service: str
    sealed: int
    unsealed: int
    first_seq: int | None
    problem: Problem | None

    @property
    def intact(self) -> bool:
        return self.problem is None

    def as_document(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "intact": self.intact,
            "sealed": self.sealed,
            "unsealed": self.unsealed,
            "first_seq": self.first_seq,
            "problem": None
            if self.problem is None
            else {
                "seq": self.problem.seq,
                "entry_id": self.problem.entry_id,
                "what": self.problem.what,
            },
        }


class AuditTrail:
    """A service's audit collection: writing entries, sealing the chain, verifying it."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        direct: AsyncDatabase[Document],
        service: str,
        key: str,
        retention_years: float,
    ) -> None:
        self.entries: AsyncCollection[Document] = database[AUDIT]
        # Reads' entries go through a client without retryable writes (one round trip; a
        # failed write is answered 503, never silently retried into a duplicate).
        self.direct: AsyncCollection[Document] = direct[AUDIT]
        self.leases: AsyncCollection[Document] = database["leases"]
        self.service = service
        self.key = key
        self.retention = retention_years * YEAR
        self._holder = uuid.uuid4().hex
        self._stopped = asyncio.Event()
        # One pass at a time in this process (the loop, `/audit/verify`, the last pass at
        # stop): two at once would give two entries the same place in the chain.
        self._sealing = asyncio.Lock()
        self._loop: asyncio.Task[None] | None = None

    def document(self, access: Access, outcome: str, status: int | None) -> Document:
        who = access.who
        return {
            "_id": ObjectId(),
            "at": datetime.now(UTC),
            "service": self.service,
            "sub": getattr(who, "sub", None),
            "roles": sorted(getattr(who, "roles", ()) or ()),
            "team_id": getattr(who, "team_id", None),
            "ods_code": getattr(who, "ods_code", None),
            "organization_id": getattr(who, "organization_id", None),
            "kind": access.kind,
            "method": access.method,
            "route": access.route,
            "referral_ids": sorted(access.referral_ids),
            "journey_ids": sorted(access.journey_ids),
            "nhs_number_hashes": sorted(keyed_hash(self.key, n) for n in access.nhs_numbers),
            "correlation_id": access.correlation_id,
            "outcome": outcome,
            "status": status,
        }

    async def write(self, document: Document) -> None:
        await self.direct.insert_one(document)

    async def write_in(self, session: AsyncClientSession, document: Document) -> None:
        await self.entries.insert_one(document, session=session)

    async def seal(self, batch: int = 500) -> int:
        """Chain the entries not sealed yet (if this replica holds the sealer's lease)."""
        async with self._sealing:
            return await self._seal(batch)

    async def _seal(self, batch: int) -> int:
        if not await self._hold_lease():
            return 0
        sealed = 0
        while True:
            pending = await self.entries.find({"seq": None}).sort("_id", ASCENDING).to_list(batch)
            if not pending:
                return sealed
            last = await self.entries.find_one({"seq": {"$ne": None}}, sort=[("seq", DESCENDING)])
            seq, previous = (last["seq"], last["hash"]) if last else (0, GENESIS)
            updates = []
            for entry in pending:
                seq += 1
                digest = entry_hash(entry, previous)
                updates.append(
                    UpdateOne(
                        {"_id": entry["_id"], "seq": None},
                        {"$set": {"seq": seq, "prev_hash": previous, "hash": digest}},
                    )
                )
                previous = digest
            await self.entries.bulk_write(updates, ordered=True)
            sealed += len(updates)

    def start_sealer(self, every_seconds: float) -> None:
        """Run the sealer in the background; `stop` ends it (it is never cancelled mid-pass:
        a write cut off in flight could still land after the next pass had begun)."""
        self._loop = asyncio.create_task(self.run_sealer(every_seconds), name="audit-sealer")

    async def run_sealer(self, every_seconds: float) -> None:
        """Seal what was written since the last pass, every `every_seconds`, until stopped."""
        while not self._stopped.is_set():
            try:
                await self.seal()
            except PyMongoError as exc:
                log.warning("audit.seal_failed", error=type(exc).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopped.wait(), timeout=every_seconds)

    async def stop(self) -> None:
        """Stop sealing, after one last pass (entries written until now are chained)."""
        self._stopped.set()
        if self._loop is not None:
            await self._loop  # its pass in progress ends; it sees the stop and returns
        with contextlib.suppress(PyMongoError):
            await self.seal()
            await self.leases.delete_one({"_id": LEASE, "holder": self._holder})

    async def verify(self) -> Verification:
        """Recompute the chain from the oldest kept entry; the first break, named."""
        unsealed = await self.entries.count_documents({"seq": None})
        expected: int | None = None
        previous = GENESIS
        first: int | None = None
        count = 0
        async for entry in self._sealed():
            count += 1
            seq = int(entry["seq"])
            if expected is None:
                first = seq
                problem = self._start_problem(entry)
                if problem:
                    return Verification(self.service, count, unsealed, first, problem)
                previous = entry["prev_hash"] if seq != 1 else GENESIS
            elif seq != expected:
                missing = f"{expected}" if seq == expected + 1 else f"{expected} to {seq - 1}"
                what = f"entry {missing} was removed: entry {expected - 1} is followed by {seq}"
                problem = Problem(expected, None, what)
                return Verification(self.service, count, unsealed, first, problem)
            if entry.get("prev_hash") != previous:
                what = f"entry {seq} does not follow the entry before it (its prev_hash differs)"
                problem = Problem(seq, str(entry["_id"]), what)
                return Verification(self.service, count, unsealed, first, problem)
            if entry_hash(entry, previous) != entry.get("hash"):
                what = f"entry {seq} was altered: its fields no longer match its hash"
                problem = Problem(seq, str(entry["_id"]), what)
                return Verification(self.service, count, unsealed, first, problem)
            previous, expected = entry["hash"], seq + 1
        return Verification(self.service, count, unsealed, first, None)

    def _start_problem(self, entry: Document) -> Problem | None:
        """The chain may start after 1 only where older entries expired under retention."""
        seq = int(entry["seq"])
        if seq == 1:
            return None
        at = entry["at"] if entry["at"].tzinfo else entry["at"].replace(tzinfo=UTC)
        if datetime.now(UTC) - at >= self.retention - timedelta(days=1):
            return None
        return Problem(1, None, f"entries 1 to {seq - 1} were removed: the chain starts at {seq}")

    async def _sealed(self) -> AsyncIterator[Document]:
        after = 0
        while True:
            page = (
                await self.entries.find({"seq": {"$gt": after}})
                .sort("seq", ASCENDING)
                .to_list(1000)
            )
            if not page:
                return
            for entry in page:
                yield entry
            after = int(page[-1]["seq"])

    async def _hold_lease(self) -> bool:
        now = datetime.now(UTC)
        try:
            await self.leases.find_one_and_update(
                {"_id": LEASE, "$or": [{"holder": self._holder}, {"expires_at": {"$lt": now}}]},
                {"$set": {"holder": self._holder, "expires_at": now + timedelta(seconds=15)}},
                upsert=True,
            )
        except DuplicateKeyError:
            return False
        return True


def search_filter(
    key: str,
    *,
    referral_id: str | None,
    nhs_number: str | None,
    sub: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Document:
    query: Document = {}
    if referral_id:
        query["referral_ids"] = referral_id
    if nhs_number:
        query["nhs_number_hashes"] = keyed_hash(key, nhs_number)
    if sub:
        query["sub"] = sub
    period = {k: v for k, v in (("$gte", since), ("$lt", until)) if v is not None}
    if period:
        query["at"] = period
    return query


def entry_view(entry: Mapping[str, Any]) -> dict[str, Any]:
    """An entry as `GET /audit` shows it (hashes of NHS numbers stay hashes)."""
    shown = {name: _plain(entry.get(name)) for name in HASHED if name != "_id"}
    return {"entry_id": str(entry["_id"]), "seq": entry.get("seq"), **shown}


class AuditMiddleware(BaseHTTPMiddleware):
    """Audits every request that authenticates its caller (see the module's docstring)."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        correlation = structlog.contextvars.get_contextvars().get("correlation_id")
        access = Access(request.method, correlation)
        token = _current.set(access)
        try:
            response = await call_next(request)
        finally:
            _current.reset(token)
        if not access.authenticating or access.written:
            return response
        trail: AuditTrail = request.app.state.audit
        body: bytes | None = None
        streaming = response.headers.get("content-type", "").startswith("text/event-stream")
        if not streaming:
            body = b"".join([chunk async for chunk in response.body_iterator])  # type: ignore[attr-defined]
            if response.status_code < 400 and access.kind == "read":
                with contextlib.suppress(ValueError):
                    subjects_in(json.loads(body or b"null"), access)
        outcome = "allowed" if response.status_code < 400 else "refused"
        document = trail.document(access, outcome, response.status_code)
        try:
            await trail.write(document)
        except PyMongoError as exc:
            log.error("audit.write_failed", error=type(exc).__name__, route=document["route"])
            return JSONResponse(
                {
                    "detail": {
                        "error": "audit_unavailable",
                        "message": "the access could not be recorded in the audit trail, so "
                        "it is not answered; try again shortly",
                    }
                },
                status_code=503,
                headers={"Retry-After": "5"},
            )
        if body is None:
            return response
        return Response(
            body,
            status_code=response.status_code,
            headers=_headers(response.headers.items()),
            media_type=response.media_type,
        )


def _headers(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name: value for name, value in items if name.lower() != "content-length"}


async def write_in_transaction(
    session: AsyncClientSession, trail: AuditTrail | None, events: Iterable[Any]
) -> Access | None:
    """A change's entry, in the change's transaction (called by `UnitOfWork.run`), naming
    whose record the events it emits are about; the request's access, to be marked written
    once the transaction commits."""
    access = _current.get()
    if trail is None or access is None or not access.authenticating or access.kind == "read":
        return None
    for event in events:
        subjects_in(event.payload.model_dump(mode="json"), access)
    await trail.write_in(session, trail.document(access, "allowed", None))
    return access
