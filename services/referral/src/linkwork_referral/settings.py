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
    self_referral_per_minute: int = Field(
        default=5, ge=1, description="Self-referrals a minute from one client address (429 past)"
    )
    self_referral_max_body_bytes: int = Field(
        default=16_384, gt=0, description="Largest self-referral form accepted (413 past)"
    )
