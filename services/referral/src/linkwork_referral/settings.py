"""Settings of the referral service (environment variables; see linkwork_runtime.settings)."""

from pydantic import Field

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "referral"
    http_port: int = 8001
    mongodb_database: str = "linkwork_referral"
    contact_due_working_days: int = 5
    caseload_weeks_per_person: int = 12
    overdue_check_seconds: float = 60.0
    # Linkwork's FHIR endpoint as GP systems address it: the `source.endpoint` of every FHIR
    # message it sends (gp.responses, gp.outcomes).
    fhir_endpoint: str = "http://localhost:8001/fhir"
    # Messages per minute one client (by bearer token subject, else address) may send to the
    # FHIR door before it answers 429 with Retry-After (an OperationOutcome).
    fhir_rate_limit: str = "600/minute"
    self_referral_per_minute: int = Field(
        default=5, ge=1, description="Self-referrals a minute from one client address (429 past)"
    )
    self_referral_max_body_bytes: int = Field(
        default=16_384, gt=0, description="Largest self-referral form accepted (413 past)"
    )
