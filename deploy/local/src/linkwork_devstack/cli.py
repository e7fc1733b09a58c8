"""`linkwork-dev`: start, stop and inspect the local stack; mint development tokens.

linkwork-dev up        infrastructure + four services + the console + Prometheus, demo data, URLs
linkwork-dev down      stop everything `up` started
linkwork-dev status    what is running and ready
linkwork-dev infra up|down   only the embedded Kafka + MongoDB
linkwork-dev token --sub lw-amina --role link_worker
linkwork-dev bench     bare pipeline, intake, backlog drain, latency: figures and ratios
linkwork-dev bench-intake | bench-console   figures against the running stack
linkwork-dev access-matrix [--check]   README.md's "Who may do what", from the routes
linkwork-dev faults    kill and restart everything under a stream of referrals; count losses
linkwork-dev load      50 clients on the referral API for 60 s: errors, latency, memory
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Annotated

import typer

from linkwork_devstack import stack
from linkwork_runtime.auth import issue_token
from linkwork_runtime.settings import ServiceSettings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
infra_app = typer.Typer(add_completion=False, no_args_is_help=True, help="Embedded infrastructure")
app.add_typer(infra_app, name="infra")

RunDir = Annotated[Path | None, typer.Option(help="State, pid files and logs (LINKWORK_RUN_DIR)")]


def _config(run_dir: Path | None) -> stack.StackConfig:
    return stack.StackConfig.from_env(run_dir)


@app.command()
def up(
    run_dir: RunDir = None,
    seed: Annotated[int, typer.Option(help="Demo referrals to send (0 for none)")] = 12,
    timeout: float = 60.0,
) -> None:
    """Start the embedded infrastructure, the four services, the console and Prometheus (when
    it can run here); seed demo data."""
    config = _config(run_dir)
    began = time.monotonic()
    try:
        monitoring_off = stack.up(config, timeout)
    except (RuntimeError, TimeoutError) as exc:
        typer.secho(f"could not start the stack: {exc}", fg="red", err=True)
        typer.secho("`make down` stops whatever did start", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"all services ready in {time.monotonic() - began:.1f}s")
    if seed:
        from linkwork_devstack import demo
        from linkwork_referral.dev.simulator import send_referrals

        workers = demo.register_link_workers(config)
        typer.echo(f"registered {workers} demo link workers (team {demo.TEAM})")
        recipients = demo.register_recipients(config)
        typer.echo(
            f"recorded {recipients} demo recipients' contact details (emails: logs/smtp.log)"
        )
        sent = send_referrals(config.infra.kafka_bootstrap, count=seed, rate=50.0, format="mixed")
        typer.echo(f"seeded {sent} demo referrals on gp.referrals (JSON and FHIR BaRS)")
        selves = demo.send_self_referrals(config)
        typer.echo(
            f"sent {selves} demo self-referrals (one in {demo.TEAM}'s catchment, one to triage)"
        )
        journey = demo.start_demo_journey(config)
        if journey:
            typer.echo(f"lw-amina accepted a referral and recorded a day's work on {journey}")
    _print_welcome(config, monitoring_off)


@app.command()
def down(run_dir: RunDir = None) -> None:
    """Stop every process `up` started."""
    config = _config(run_dir)
    stopped = stack.down(config.run_dir)
    typer.echo(f"stopped: {', '.join(stopped) if stopped else 'nothing was running'}")


@app.command()
def status(run_dir: RunDir = None) -> None:
    """Show each component's state."""
    config = _config(run_dir)
    states = stack.status(config.run_dir)
    if not states:
        typer.echo("the stack is not running (no stack.json)")
        raise typer.Exit(1)
    for name, state in states.items():
        typer.echo(f"{name:14} {state}")
    if any(state != "ready" for state in states.values()):
        raise typer.Exit(1)


@infra_app.command("up")
def infra_up(run_dir: RunDir = None) -> None:
    config = _config(run_dir)
    config.run_dir.mkdir(parents=True, exist_ok=True)
    config.infra.start()
    typer.echo(f"KAFKA_BOOTSTRAP_SERVERS={config.infra.kafka_bootstrap}")
    typer.echo(f"MONGODB_URI={config.infra.mongodb_uri}")


@infra_app.command("down")
def infra_down(run_dir: RunDir = None) -> None:
    _config(run_dir).infra.stop()


@app.command()
def token(
    sub: Annotated[str, typer.Option(help="Who the token is for")],
    role: Annotated[list[str], typer.Option(help="A role; repeat for several")],
    team_id: str | None = None,
    ods_code: str | None = None,
    organization_id: str | None = None,
    pcn_code: str | None = None,
    icb_code: str | None = None,
    hours: float = 8.0,
) -> None:
    """Print a development bearer token signed with AUTH_JWT_SECRET."""
    from datetime import timedelta

    extra = {
        k: v
        for k, v in {
            "team_id": team_id,
            "ods_code": ods_code,
            "organization_id": organization_id,
            "pcn_code": pcn_code,
            "icb_code": icb_code,
        }.items()
        if v
    }
    settings = ServiceSettings()
    typer.echo(
        issue_token(
            settings.development_secret, sub, role, ttl=timedelta(hours=hours), claims=extra
        )
    )


@app.command("access-matrix")
def access_matrix(
    check: Annotated[bool, typer.Option(help="Only say whether README.md is current")] = False,
) -> None:
    """Write README.md's "Who may do what" tables from every route's access declaration."""
    from linkwork_devstack import access_matrix as matrix

    try:
        generated = matrix.tables(matrix.deployable_apps())
        readme = matrix.README.read_text()  # read last: others may be editing it
        wanted = matrix.with_tables(readme, generated)
    except ValueError as exc:  # a route that declares nobody, or no markers to write between
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(1) from None
    if check and wanted != readme:
        typer.secho(f"README.md's access matrix is stale: run `{matrix.REGENERATE}`", err=True)
        raise typer.Exit(1)
    if not check:
        matrix.README.write_text(wanted)
    typer.echo(f"README.md's access matrix is current ({len(matrix.DEPLOYABLES)} deployables)")


@app.command()
def bench(
    count: Annotated[
        int, typer.Option(min=1, max=2000, help="Messages per throughput stage and round")
    ] = 300,
    rounds: Annotated[int, typer.Option(min=1, max=20, help="Rounds of every stage")] = 3,
    rate: Annotated[
        float, typer.Option(min=0.1, max=100, help="Referrals a second in the latency stage")
    ] = 5.0,
    seconds: Annotated[
        float, typer.Option(min=1, max=600, help="How long the latency stage sends")
    ] = 30.0,
    format: Annotated[str, typer.Option(help="json, bars or mixed")] = "mixed",
    timeout: Annotated[float, typer.Option(min=5, help="Seconds each stage may take")] = 600.0,
    broker_storage: Annotated[
        str, typer.Option(help="persistent (as make up) or memory (as the tests)")
    ] = "persistent",
    run_dir: Annotated[
        Path | None, typer.Option(help="Keep the run's state and logs here (default: removed)")
    ] = None,
) -> None:
    """Throughput and latency on a stack of its own (loopback, free ports), in one sitting:
    (a) the bare one-transaction-per-message pipeline and its backlog drain, (b) intake of
    COUNT referrals, (c) the referral service's backlog drain, (d) send-to-live-feed latency
    at RATE referrals/s; ROUNDS of each, printed as min/median/max with the ratios against
    the goals. Figures, not assertions: it exits 0 whether the goals are met or not."""
    from linkwork_devstack import bench as bench_run
    from linkwork_devstack.infra import parse_broker_storage

    try:
        plan = bench_run.Plan(
            count=count,
            rounds=rounds,
            rate=rate,
            seconds=seconds,
            format=format,
            timeout=timeout,
            broker_storage=parse_broker_storage(broker_storage),
        )
        report = bench_run.run(plan, run_dir, progress=typer.echo)
    except ValueError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    typer.echo(report.render())


@app.command("bench-intake")
def bench_intake(
    count: Annotated[int, typer.Option(help="Referrals to send")] = 300,
    format: Annotated[str, typer.Option(help="json, bars or mixed")] = "mixed",
    run_dir: RunDir = None,
) -> None:
    """Stage (b) of `bench` once against the running stack: COUNT referrals until each one's
    ReferralAssigned or ReferralAwaitingCapacity is on referral.events."""
    from linkwork_devstack import bench as bench_run

    config = stack.StackConfig.load(_config(run_dir).run_dir) or _config(run_dir)
    typer.echo(bench_run.intake_on_running_stack(config, count, format))


@app.command("bench-console")
def bench_console(
    referrals: Annotated[
        int, typer.Option(min=1, help="Open referrals on the bench link worker's caseload")
    ] = 60,
    loads: Annotated[int, typer.Option(min=1, help="Times /caseload is loaded")] = 20,
    link_worker: Annotated[
        str, typer.Option(help="The bench link worker (one the console's sign-in form offers)")
    ] = "lw-bench",
    topic_prefix: Annotated[str, typer.Option(envvar="KAFKA_TOPIC_PREFIX")] = "",
    run_dir: RunDir = None,
) -> None:
    """Time the console's caseload page with a full caseload against the running stack; print
    the median, min and max against the 300 ms goal."""
    from linkwork_devstack import bench_console

    config = stack.StackConfig.load(_config(run_dir).run_dir) or _config(run_dir)
    figures = bench_console.measure(
        config,
        link_worker=link_worker,
        referrals=referrals,
        loads=loads,
        topic_prefix=topic_prefix,
    )
    typer.echo(figures)
    if figures.startswith("no figures"):
        raise typer.Exit(1)


@app.command()
def faults(
    referrals: Annotated[int, typer.Option(min=1, max=3000, help="Referrals to send")] = 2000,
    rate: Annotated[float, typer.Option(min=1, max=500, help="Referrals a second")] = 20.0,
    kills: Annotated[
        int, typer.Option(min=0, max=20, help="SIGKILLs of services (each one once per four)")
    ] = 4,
    database_restarts: Annotated[int, typer.Option(min=0, max=5)] = 1,
    broker_restarts: Annotated[int, typer.Option(min=0, max=5)] = 1,
    settle_timeout: Annotated[
        float, typer.Option(min=10, max=3600, help="Seconds to wait for the stack to settle")
    ] = 900.0,
    seed: int = 1,
    run_dir: Annotated[
        Path | None, typer.Option(help="Keep the run's state and logs here (default: removed)")
    ] = None,
) -> None:
    """A bounded fault run on a stack of its own (loopback, free ports): send referrals, kill
    each service, the database and the broker at random moments, restart them, then count
    what was lost or duplicated and how long the stack took to settle. Exit 1 on any loss,
    duplicate or failure to settle."""
    from linkwork_devstack import faults as fault_run

    plan = fault_run.Plan(
        referrals=referrals,
        rate=rate,
        kills=kills,
        database_restarts=database_restarts,
        broker_restarts=broker_restarts,
        settle_timeout=settle_timeout,
        seed=seed,
    )
    try:
        report = fault_run.run(plan, run_dir, progress=typer.echo)
    except ValueError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    typer.echo(report.render())
    if not report.passed:
        raise typer.Exit(1)


@app.command()
def load(
    clients: Annotated[int, typer.Option(min=1, max=500, help="Concurrent clients")] = 50,
    seconds: Annotated[
        float, typer.Option(min=1, max=3600, help="How long clients start requests")
    ] = 60.0,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds to wait for an answer")] = 30.0,
    run_dir: RunDir = None,
) -> None:
    """Load the running stack's referral service for a bounded time, loopback only: CLIENTS
    concurrent clients for SECONDS on its reads and writes, as GP systems, a manager, a link
    worker and practices use it. Prints requests/s, the error rate, p50/p95/p99 latency and
    the service's memory before, at its peak and after; exit status 1 on any 5xx or transport
    error (no answer within TIMEOUT seconds included), an unexpected 4xx, or memory grown by
    more than 64 MiB."""
    from linkwork_devstack import load as load_run

    raise typer.Exit(load_run.command(clients, seconds, run_dir, timeout))


def _print_welcome(config: stack.StackConfig, monitoring_off: Exception | None) -> None:
    lines = ["", "Linkwork is running:", f"  {stack.CONSOLE:14} {config.console_url}"]
    for service in config.ports:
        lines.append(f"  {service:14} {config.url(service)}/docs")
    watching = config.monitoring.url
    lines += [
        f"  Kafka          {config.infra.kafka_bootstrap}",
        f"  MongoDB        {config.infra.mongodb_uri}",
        f"  Prometheus     {watching}  (alerts: {watching}/alerts)"
        if monitoring_off is None
        else f"  Monitoring is off: {monitoring_off}",
        "",
        "Send a referral as a GP system would:",
        "  .venv/bin/python -m linkwork_referral.dev.simulator --count 1",
        "See the team's referrals (the demo manager's token):",
        "  TOKEN=$(.venv/bin/linkwork-dev token --sub mgr-leeds --role manager \\",
        "          --team-id leeds-north)",
        f'  curl -H "Authorization: Bearer $TOKEN" {config.url("referral")}/referrals',
        "The README walks on from there: accept a referral and see the journey start.",
        "Stop everything: make down",
        f"Logs: {config.run_dir / 'logs'}",
        "",
        f"Open {config.console_url} and sign in as lw-amina",
    ]
    typer.echo("\n".join(lines))


def main() -> None:
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    app()


if __name__ == "__main__":
    main()
