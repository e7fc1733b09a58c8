"""Settings of the referral service (environment variables; see linkwork_runtime.settings)."""

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "referral"
    http_port: int = 8001
    mongodb_database: str = "linkwork_referral"
    contact_due_working_days: int = 5
    caseload_weeks_per_person: int = 12
    overdue_check_seconds: float = 60.0
