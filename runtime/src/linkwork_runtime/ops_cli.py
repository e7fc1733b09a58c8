"""`linkwork-ops`: what ops need on any Linkwork deployment (not only the local stack).

linkwork-ops dlq list gp.referrals             what is kept on gp.referrals.dlq, and why
linkwork-ops dlq show gp.referrals 3           one kept message: its headers and original bytes
linkwork-ops dlq replay gp.referrals --offset 3    once its cause is fixed, send it back
linkwork-ops dlq replay journey.events --all
linkwork-ops audit verify                      each service's audit chain: intact, or the break
linkwork-ops audit person <referral id>        one person's accesses across every service
linkwork-ops subject-access --nhs-number 9434765919 --out export.json --html export.html
                                               everything held about one person, every service

Reads KAFKA_BOOTSTRAP_SERVERS and KAFKA_TOPIC_PREFIX like the services; topics are named
without the prefix. `audit` and `subject-access` ask each service's HTTP API
(LINKWORK_SERVICE_URLS, default the local stack's) with LINKWORK_TOKEN (an information
governance token; in development one is made when none is given). Listing never prints a
message's content (it may hold personal data): `show` does, for the one message asked for.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from linkwork_runtime.audit import AUDIT, AuditTrail
from linkwork_runtime.auth import Role, issue_token
from linkwork_runtime.dead_letter import DeadLetter, read_dead_letters, replay
from linkwork_runtime.dead_letter_selection import Position, SeveralPartitions, select
from linkwork_runtime.mongo import connect
from linkwork_runtime.refusals import Refusal
from linkwork_runtime.settings import ServiceSettings
from linkwork_runtime.subject_access_export import assemble, render_html

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
dlq_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Dead-letter topics")
app.add_typer(dlq_app, name="dlq")
audit_app = typer.Typer(add_completion=False, no_args_is_help=True, help="The audit trail")
app.add_typer(audit_app, name="audit")

Topic = Annotated[str, typer.Argument(help="The original topic, e.g. gp.referrals")]
Partition = Annotated[int | None, typer.Option(help="Only this partition of the DLQ")]


def _settings() -> ServiceSettings:
    return ServiceSettings(service_name="ops")


def _kept(topic: str, partition: int | None) -> list[DeadLetter]:
    settings = _settings()
    return asyncio.run(
        read_dead_letters(
            settings.kafka_bootstrap_servers, settings.topic(topic), partition=partition
        )
    )


def _line(letter: DeadLetter) -> str:
    r = letter.record
    again = " (replayed before)" if letter.replayed else ""
    return (
        f"{r.partition}/{r.offset}  {letter.failed_at}  {letter.consumer}  {letter.kind}  "
        f"at {letter.where}: {letter.reason}{again}"
    )


@dlq_app.command("list")
def list_(topic: Topic, partition: Partition = None) -> None:
    """Every message kept on TOPIC's dead-letter topic: partition/offset, when, which
    consumer, what kind of failure, where in the message and why. No message content."""
    letters = _kept(topic, partition)
    for letter in letters:
        typer.echo(_line(letter))
    typer.echo(f"{len(letters)} kept on {topic}.dlq")


@dlq_app.command()
def show(
    topic: Topic,
    offset: Annotated[int, typer.Argument(help="The message's offset on the DLQ")],
    partition: Partition = None,
) -> None:
    """One kept message: its headers, then the original bytes (as text when they are)."""
    for letter in _chosen(topic, partition, [offset]):
        typer.echo(_line(letter))
        for name, value in sorted(letter.record.headers.items()):
            typer.echo(f"{name}: {value}")
        typer.echo("")
        try:
            typer.echo(letter.record.value.decode())
        except UnicodeDecodeError:
            typer.echo(repr(letter.record.value))


@dlq_app.command("replay")
def replay_(
    topic: Topic,
    offset: Annotated[
        list[int] | None, typer.Option(help="A DLQ offset; repeat for several")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every message kept")] = False,
    partition: Partition = None,
) -> None:
    """Send kept messages back to their original topic, key and headers, in DLQ order.

    Consumers are idempotent: a service that had processed a message skips it; one that fails
    on it again keeps it on the DLQ again, marked as replayed."""
    if all_ == bool(offset):
        raise typer.BadParameter("give --offset (one or more) or --all, not both")
    letters = _kept(topic, partition) if all_ else _chosen(topic, partition, offset or [])
    settings = _settings()
    sent = asyncio.run(replay(settings.kafka_bootstrap_servers, letters))
    for letter in letters:
        typer.echo(f"replayed {letter.record.partition}/{letter.record.offset}")
    typer.echo(f"replayed {sent} to {topic}")


def _chosen(topic: str, partition: int | None, offsets: list[int]) -> list[DeadLetter]:
    try:
        return select(_kept(topic, partition), [Position(o) for o in offsets], f"{topic}.dlq")
    except SeveralPartitions:
        raise typer.BadParameter(
            "the DLQ has several partitions: say which with --partition"
        ) from None
    except Refusal as exc:
        raise typer.BadParameter(exc.message) from None


LOCAL_SERVICES = (
    "referral=http://127.0.0.1:8001,journey=http://127.0.0.1:8002,"
    "directory=http://127.0.0.1:8003,notifications=http://127.0.0.1:8004,"
    "insights=http://127.0.0.1:8005"
)


def _services() -> dict[str, str]:
    raw = os.environ.get("LINKWORK_SERVICE_URLS", LOCAL_SERVICES)
    named = [part.partition("=") for part in raw.split(",") if part.strip()]
    return {name.strip(): url.strip().rstrip("/") for name, _, url in named}


def _token() -> str:
    token = os.environ.get("LINKWORK_TOKEN")
    if token:
        return token
    settings = _settings()
    if settings.auth_mode != "development":
        raise typer.BadParameter("set LINKWORK_TOKEN to an information governance token")
    roles = [Role.INFORMATION_GOVERNANCE, Role.OPS]
    return issue_token(settings.development_secret, "linkwork-ops", [str(r) for r in roles])


def _ask(url: str, params: Mapping[str, str | Sequence[str]] | None = None) -> Any:
    answer = httpx.get(
        url, params=params, headers={"Authorization": f"Bearer {_token()}"}, timeout=60
    )
    if answer.status_code != 200:
        raise typer.BadParameter(f"{url} answered {answer.status_code}: {answer.text[:300]}")
    return answer.json()


@audit_app.command("verify")
def audit_verify(
    mongodb_uri: Annotated[
        str | None,
        typer.Option(
            help="Check the chains in this MongoDB directly (every database with an audit "
            "collection), not through the services' APIs: for when they are not running"
        ),
    ] = None,
) -> None:
    """Recompute each service's audit chain; name the first entry altered or removed.
    Exits 1 when a chain is broken."""
    found = _verified_in(mongodb_uri) if mongodb_uri else _verified_by_services()
    for verification in found:
        typer.echo(_verdict(verification))
    raise typer.Exit(0 if all(v["intact"] for v in found) else 1)


def _verified_by_services() -> list[dict[str, Any]]:
    return [
        {**_ask(f"{url}/audit/verify"), "service": service} for service, url in _services().items()
    ]


def _verified_in(mongodb_uri: str) -> list[dict[str, Any]]:
    async def verify_all() -> list[dict[str, Any]]:
        settings = _settings()
        client = connect(mongodb_uri)
        try:
            found = []
            for name in sorted(await client.list_database_names()):
                database = client[name]
                if AUDIT not in await database.list_collection_names():
                    continue
                trail = AuditTrail(
                    database, database, name, settings.audit_key, settings.audit_retention_years
                )
                found.append((await trail.verify()).as_document())
            return found
        finally:
            await client.close()

    return asyncio.run(verify_all())


def _verdict(found: dict[str, Any]) -> str:
    if found["intact"]:
        start = f", from entry {found['first_seq']}" if found["first_seq"] else ""
        return f"{found['service']}: intact, {found['sealed']} entries{start}"
    problem = found["problem"]
    entry = f" (entry id {problem['entry_id']})" if problem["entry_id"] else ""
    return f"{found['service']}: BROKEN at entry {problem['seq']}{entry}: {problem['what']}"


@audit_app.command("person")
def audit_person(
    referral_id: Annotated[str, typer.Argument(help="The person's referral id")],
) -> None:
    """Every access to one person's record, across every service, oldest first."""
    found: list[dict[str, Any]] = []
    for url in _services().values():
        page, seen = 1, 0
        while True:
            params = {"referral_id": referral_id, "page": str(page), "per_page": "1000"}
            answer = _ask(f"{url}/audit", params)
            found += answer["items"]
            seen += len(answer["items"])
            if not answer["items"] or seen >= answer["total"]:
                break
            page += 1
    for entry in sorted(found, key=lambda e: (e["at"], e["service"])):
        status = f" {entry['status']}" if entry["status"] else ""
        roles = ",".join(entry["roles"]) or "-"
        typer.echo(
            f"{entry['at']}  {entry['service']:<13} {entry['sub'] or '(no valid token)'} "
            f"[{roles}]  {entry['kind']} {entry['method']} {entry['route']}  "
            f"{entry['outcome']}{status}  correlation {entry['correlation_id']}"
        )
    typer.echo(f"{len(found)} accesses to referral {referral_id}")


NO_PERSONAL_DATA = frozenset({"insights"})


@app.command("subject-access")
def subject_access(
    out: Annotated[Path, typer.Option(help="Where to write the export (JSON)")],
    nhs_number: Annotated[str | None, typer.Option(help="The person's NHS number")] = None,
    referral_id: Annotated[
        str | None, typer.Option(help="A referral of theirs (for a person with no NHS number)")
    ] = None,
    html: Annotated[Path | None, typer.Option(help="Also a readable, printable HTML")] = None,
) -> None:
    """Everything Linkwork holds about one person, from every service, in one document: each
    service's GET /subject-access (information governance), the referral service's first.
    Prints only what each service holds, by count: the document itself is personal data."""
    if not (nhs_number or referral_id):
        raise typer.BadParameter("give --nhs-number, or --referral-id for a person with none")
    # The insights service holds no personal data (ids, codes, dates, districts): it has no
    # part in a person's record.
    holders = {name: url for name, url in _services().items() if name not in NO_PERSONAL_DATA}
    document = assemble(
        holders,
        lambda _, url, params: _ask(url, params),
        nhs_number=nhs_number,
        referral_id=referral_id,
    )
    out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if html is not None:
        html.write_text(render_html(document), encoding="utf-8")
    for service, holds in document["holds"].items():
        counts = ", ".join(f"{what} {count}" for what, count in holds.items())
        typer.echo(f"{service}: {counts}")
    typer.echo(f"{len(document['referral_ids'])} referrals; written to {out}")


if __name__ == "__main__":
    app()
