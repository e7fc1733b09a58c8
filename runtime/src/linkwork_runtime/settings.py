"""Service settings from the environment, with defaults that work on a developer's machine."""

from __future__ import annotations

from typing import Literal

from limits import parse
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Public on purpose: development tokens are for a developer's machine, never for real data.
DEVELOPMENT_SECRET = "linkwork-dev-secret-change-me-32bytes!"
DEVELOPMENT_AUDIT_KEY = "linkwork-dev-audit-key-change-me"


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
    kafka_fetch_max_wait_ms: int = Field(
        default=100,
        ge=1,
        description="How long the broker may hold a consumer's fetch when nothing is new: "
        "a message that arrives meanwhile may wait this long on a broker that does not answer "
        "a held fetch at once (Tansu)",
    )
    mongodb_uri: str = "mongodb://127.0.0.1:27017/?directConnection=true"
    mongodb_database: str = "linkwork"
    auth_mode: Literal["development", "oidc"] = Field(
        default="oidc",
        description="oidc: accept tokens from AUTH_ISSUER only; development: tokens signed "
        "with AUTH_JWT_SECRET (a developer's machine, `make up` and the tests)",
    )
    auth_issuer: str = Field(default="", description="The OpenID Connect issuer's URL (iss)")
    auth_audience: str = Field(default="", description="The audience (aud) tokens must be for")
    auth_algorithms: str = Field(
        default="RS256,PS256,ES256", description="Accepted signing algorithms, comma-separated"
    )
    auth_leeway_seconds: float = Field(default=30.0, ge=0, le=300)
    auth_jwks_cache_seconds: float = Field(
        default=300.0, gt=0, description="How long the issuer's keys are used before refetching"
    )
    auth_jwks_refetch_seconds: float = Field(
        default=30.0,
        ge=0,
        description="At most one refetch of the keys per this many seconds for an unknown kid",
    )
    auth_roles_claim: str = Field(
        default="roles", description="Dotted path of the roles claim (realm_access.roles)"
    )
    auth_role_map: str = Field(
        default="",
        description='JSON: issuer role name -> Linkwork role(s), e.g. {"SPLW": "link_worker"}; '
        "empty: the issuer uses Linkwork's names",
    )
    auth_team_claim: str = "team_id"
    auth_ods_code_claim: str = "ods_code"
    auth_organization_claim: str = "organization_id"
    auth_pcn_claim: str = "pcn_code"  # a commissioner's PCN (ODS code of the network)
    auth_icb_claim: str = "icb_code"  # a commissioner's ICB (ODS code of the board)
    auth_jwt_secret: str | None = Field(
        default=None, description="AUTH_MODE=development only: the HS256 signing secret"
    )
    auth_jwt_algorithm: str = "HS256"
    audit_retention_years: float = Field(
        default=8.0, gt=0, description="How long audit entries are kept (a TTL index)"
    )
    audit_hash_key: str | None = Field(
        default=None,
        description="HMAC key for NHS numbers in the audit trail (the same in every service)",
    )
    audit_seal_seconds: float = Field(
        default=2.0, gt=0, description="How often new audit entries are chained"
    )
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    consumer_max_batch: int = Field(
        default=100,
        ge=1,
        le=10_000,
        description="Most messages a subscription takes from the broker and applies in one "
        "transaction",
    )
    outbox_poll_seconds: float = 0.5
    outbox_batch_size: int = 100
    retry_attempts: int = Field(default=5, description="Tries for a transient error per delivery")
    retry_max_backoff_seconds: float = 5.0
    http_max_body_bytes: int = Field(
        default=1_048_576, gt=0, description="Largest request body accepted; larger is 413"
    )
    cors_allowed_origins: str = Field(
        default="",
        description="Origins browsers may call from, comma-separated (https://app.example); "
        "empty: no CORS headers at all, so browsers refuse every other origin",
    )
    public_rate_limit: str = Field(
        default="600/minute",
        description="Requests per client address, per replica, to routes needing no bearer "
        "token (health, readiness, API documents, the ORUK feed): a `limits` string",
    )

    @field_validator("cors_allowed_origins")
    @classmethod
    def _exact_origins(cls, value: str) -> str:
        if "*" in value:
            raise ValueError("list each origin exactly (https://app.example); '*' is refused")
        return value

    @field_validator("public_rate_limit")
    @classmethod
    def _a_rate_limit(cls, value: str) -> str:
        parse(value)  # ValueError saying what it could not read
        return value

    @property
    def audit_key(self) -> str:
        """The NHS-number hashing key (AUDIT_HASH_KEY, or the well-known development one)."""
        return self.audit_hash_key or DEVELOPMENT_AUDIT_KEY

    @property
    def development_secret(self) -> str:
        """The HS256 secret of development tokens (AUTH_JWT_SECRET, or the well-known one)."""
        return self.auth_jwt_secret or DEVELOPMENT_SECRET

    def topic(self, name: str) -> str:
        return f"{self.kafka_topic_prefix}{name}"

    @property
    def consumer_group(self) -> str:
        return f"{self.kafka_topic_prefix}{self.service_name}"
