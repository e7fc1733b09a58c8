"""The whole local stack: embedded infrastructure, the four services and the staff console
as processes, and Prometheus watching them when it can run here."""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from linkwork_devstack import monitoring, processes
from linkwork_devstack.infra import PROCESSES, BrokerStorage, Infra, parse_broker_storage
from linkwork_devstack.monitoring import PROMETHEUS, Monitoring, MonitoringOff

SMTP = "smtp"
CONSOLE = "console"
CONSOLE_PORT = 8000
SERVICES: dict[str, int] = {
    "referral": 8001,
    "journey": 8002,
    "directory": 8003,
    "notifications": 8004,
    "insights": 8005,
}


@dataclass
class StackConfig:
    run_dir: Path
    kafka_port: int = 9092
    mongo_port: int = 27017
    # persistent: topics survive a broker restart and `make down`; memory: the fastest.
    broker_storage: BrokerStorage = "persistent"
    durable_commits: bool = False  # see Infra: the fault runs, which kill the database
    smtp_port: int = 1025  # a local mail catcher: demo emails land in logs/smtp.log
    ports: dict[str, int] = field(default_factory=lambda: dict(SERVICES))
    console_port: int = CONSOLE_PORT
    prometheus_port: int = 9090
    prometheus_interval: float = 15.0  # seconds between scrapes and between rule evaluations
    topic_prefix: str = ""
    database_prefix: str = "linkwork_"
    # Set when the infrastructure is not the embedded one (real Kafka, testcontainers).
    kafka_bootstrap: str | None = None
    mongodb_uri: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def isolated(
        cls,
        run_dir: Path,
        kafka_bootstrap: str,
        mongodb_uri: str,
        tag: str,
        extra_env: dict[str, str] | None = None,
    ) -> StackConfig:
        """A stack of its own on shared infrastructure (a test's): free ports, and topics and
        databases under a fresh prefix starting with `tag`."""
        isolation = f"{tag}{uuid.uuid4().hex[:10]}"
        return cls(
            run_dir=run_dir,
            ports={name: processes.free_port() for name in SERVICES},
            console_port=processes.free_port(),
            prometheus_port=processes.free_port(),
            topic_prefix=f"{isolation}.",
            database_prefix=f"{isolation}_",
            kafka_bootstrap=kafka_bootstrap,
            mongodb_uri=mongodb_uri,
            extra_env=extra_env or {},
        )

    @classmethod
    def from_env(cls, run_dir: Path | None = None) -> StackConfig:
        env = os.environ
        root = Path(env.get("LINKWORK_RUN_DIR", run_dir or Path.cwd() / ".run"))
        return cls(
            run_dir=root,
            kafka_port=int(env.get("LINKWORK_KAFKA_PORT", 9092)),
            mongo_port=int(env.get("LINKWORK_MONGO_PORT", 27017)),
            broker_storage=parse_broker_storage(env.get("LINKWORK_BROKER_STORAGE", "persistent")),
            smtp_port=int(env.get("LINKWORK_SMTP_PORT", 1025)),
            console_port=int(env.get("LINKWORK_CONSOLE_PORT", CONSOLE_PORT)),
            prometheus_port=int(env.get("LINKWORK_PROMETHEUS_PORT", 9090)),
            prometheus_interval=float(env.get("LINKWORK_PROMETHEUS_INTERVAL", 15.0)),
            ports={
                name: int(env.get(f"LINKWORK_{name.upper()}_PORT", port))
                for name, port in SERVICES.items()
            },
        )

    @property
    def infra(self) -> Infra:
        return Infra(
            self.run_dir,
            self.kafka_port,
            self.mongo_port,
            self.broker_storage,
            durable_commits=self.durable_commits,
        )

    @property
    def monitoring(self) -> Monitoring:
        """Prometheus scraping the console and every service."""
        targets = {CONSOLE: self.console_port, **self.ports}
        return Monitoring(self.run_dir, self.prometheus_port, targets, self.prometheus_interval)

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    @property
    def console_url(self) -> str:
        return f"http://127.0.0.1:{self.console_port}"

    def save(self) -> None:
        data = {**asdict(self), "run_dir": str(self.run_dir)}
        (self.run_dir / "stack.json").write_text(json.dumps(data, indent=2))

    @classmethod
    def load(cls, run_dir: Path) -> StackConfig | None:
        path = run_dir / "stack.json"
        if not path.exists():
            return None
        data = json.loads(path.read_text())
        data["run_dir"] = Path(data["run_dir"])
        return cls(**data)


def service_env(config: StackConfig, service: str) -> dict[str, str]:
    mail = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(config.smtp_port)}
    return {
        **(mail if service == "notifications" else {}),
        "HTTP_PORT": str(config.ports[service]),
        "KAFKA_BOOTSTRAP_SERVERS": config.kafka_bootstrap or config.infra.kafka_bootstrap,
        "MONGODB_URI": config.mongodb_uri or config.infra.mongodb_uri,
        "MONGODB_DATABASE": f"{config.database_prefix}{service}",
        "KAFKA_TOPIC_PREFIX": config.topic_prefix,
        # Development tokens (AUTH_JWT_SECRET's well-known default): a developer's machine.
        "AUTH_MODE": "development",
        **config.extra_env,
    }


def service_command(service: str) -> list[str]:
    return [sys.executable, "-m", f"linkwork_{service}"]


def console_env(config: StackConfig) -> dict[str, str]:
    """What the console needs: its port, its own database (sessions) on the stack's MongoDB,
    the services' URLs and development sign-in. No Kafka: its live updates come from the
    notifications service's stream."""
    return {
        "HTTP_PORT": str(config.console_port),
        "MONGODB_URI": config.mongodb_uri or config.infra.mongodb_uri,
        "MONGODB_DATABASE": f"{config.database_prefix}{CONSOLE}",
        **{f"{service.upper()}_URL": config.url(service) for service in config.ports},
        "AUTH_MODE": "development",
        **config.extra_env,
    }


def console_command() -> list[str]:
    return [sys.executable, "-m", "linkwork_console"]


def _running(config: StackConfig, service: str) -> bool:
    pid = processes.read_pid(config.run_dir, service)
    return bool(pid and processes.alive(pid))


def start_services(config: StackConfig, timeout: float = 60.0) -> None:
    """Start the services that are not running yet (a second `up` changes nothing)."""
    missing = [service for service in config.ports if not _running(config, service)]
    for service in missing:
        port = config.ports[service]
        if processes.port_open(port):
            raise RuntimeError(f"port {port} for the {service} service is taken")
    for service in missing:
        processes.start(
            config.run_dir,
            service,
            service_command(service),
            env=service_env(config, service),
        )
    wait_services_ready(config, timeout)


def start_console(config: StackConfig, timeout: float = 60.0) -> None:
    """Start the console once the services it shows are ready (a second `up`: nothing)."""
    if not _running(config, CONSOLE):
        if processes.port_open(config.console_port):
            raise RuntimeError(f"port {config.console_port} for the console is taken")
        processes.start(config.run_dir, CONSOLE, console_command(), env=console_env(config))
    wait_ready(config, {CONSOLE: config.console_url}, timeout)


def wait_services_ready(config: StackConfig, timeout: float) -> None:
    wait_ready(config, {service: config.url(service) for service in config.ports}, timeout)


def wait_ready(config: StackConfig, urls: dict[str, str], timeout: float) -> None:
    """Wait until each named process answers /ready at its URL; RuntimeError if one exits."""
    deadline = time.monotonic() + timeout
    waiting = dict(urls)
    while waiting:
        for name, url in sorted(waiting.items()):
            pid = processes.read_pid(config.run_dir, name)
            if not (pid and processes.alive(pid)):
                log = processes.log_file(config.run_dir, name)
                what = "the console" if name == CONSOLE else f"the {name} service"
                raise RuntimeError(
                    f"{what} exited during start-up; see {log}:\n"
                    + (log.read_text()[-3000:] if log.exists() else "")
                )
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    del waiting[name]
            except httpx.HTTPError:
                pass
        if waiting and time.monotonic() > deadline:
            raise TimeoutError(f"not ready after {timeout:.0f}s: {sorted(waiting)}")
        time.sleep(0.25)


def start_mail_catcher(config: StackConfig) -> None:
    """aiosmtpd on loopback, printing every message it receives to logs/smtp.log."""
    pid = processes.read_pid(config.run_dir, SMTP)
    if pid and processes.alive(pid):
        return
    if processes.port_open(config.smtp_port):
        raise RuntimeError(f"port {config.smtp_port} for the mail catcher is taken")
    processes.start(
        config.run_dir,
        SMTP,
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{config.smtp_port}",
            "-c",
            "aiosmtpd.handlers.Debugging",
        ],
    )


def up(config: StackConfig, timeout: float = 60.0) -> MonitoringOff | None:
    """Start everything that is not running; say why monitoring is off, if it is: the stack
    runs without it."""
    config.run_dir.mkdir(parents=True, exist_ok=True)
    config.save()
    config.infra.start(timeout)
    start_mail_catcher(config)
    start_services(config, timeout)
    start_console(config, timeout)
    try:
        config.monitoring.start()
    except MonitoringOff as off:
        return off
    return None


def stop_services(config: StackConfig) -> list[str]:
    return [name for name in config.ports if processes.stop(config.run_dir, name)]


def down(run_dir: Path) -> list[str]:
    """Stop every process the stack started; return the names that were running."""
    config = StackConfig.load(run_dir) or StackConfig(run_dir=run_dir)
    stopped = [PROMETHEUS] if monitoring.stop(run_dir) else []
    stopped += [CONSOLE] if processes.stop(run_dir, CONSOLE) else []
    stopped += stop_services(config)
    if processes.stop(run_dir, SMTP):
        stopped.append(SMTP)
    for name in PROCESSES:
        if processes.stop(run_dir, name):
            stopped.append(name)
    return stopped


def status(run_dir: Path) -> dict[str, str]:
    config = StackConfig.load(run_dir)
    if config is None:
        return {}
    result = config.infra.status()
    smtp = processes.read_pid(run_dir, SMTP)
    result[SMTP] = "ready" if smtp and processes.alive(smtp) else "down"
    if processes.pid_file(run_dir, PROMETHEUS).exists():  # only when `up` could start it
        watching = config.monitoring
        result[PROMETHEUS] = "ready" if watching.ready() else "down"
    urls = {service: config.url(service) for service in config.ports}
    for name, url in {**urls, CONSOLE: config.console_url}.items():
        pid = processes.read_pid(run_dir, name)
        if not (pid and processes.alive(pid)):
            result[name] = "down"
            continue
        try:
            code = httpx.get(f"{url}/ready", timeout=2).status_code
            result[name] = "ready" if code == 200 else f"not ready ({code})"
        except httpx.HTTPError:
            result[name] = "starting"
    return result
