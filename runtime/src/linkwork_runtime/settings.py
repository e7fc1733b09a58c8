"""Service settings from the environment, with defaults that work on a developer's machine."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Shared by every service. Each service subclasses it to set its name, port and database."""

    model_config = SettingsConfigDict(env_prefix="", extra="ignore", frozen=True)

    service_name: str = "linkwork"
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_topic_prefix: str = Field(
        default="", description="Prefix for every topic and consumer group (shared clusters, tests)"
    )
    kafka_topic_partitions: int = 3
    kafka_replication_factor: int = 1
    kafka_session_timeout_ms: int = 10_000
    kafka_start_timeout_seconds: float = 60.0
    mongodb_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongodb_database: str = "linkwork"
    auth_jwt_secret: str = "linkwork-dev-secret-change-me-32bytes!"
    auth_jwt_algorithm: str = "HS256"
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    outbox_poll_seconds: float = 0.5
    outbox_batch_size: int = 100
    retry_attempts: int = Field(default=5, description="Tries for a transient error per delivery")
    retry_max_backoff_seconds: float = 5.0

    def topic(self, name: str) -> str:
        return f"{self.kafka_topic_prefix}{name}"

    @property
    def consumer_group(self) -> str:
        return f"{self.kafka_topic_prefix}{self.service_name}"
