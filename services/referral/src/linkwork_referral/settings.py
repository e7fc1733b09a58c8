"""Settings of the referral service (environment variables; see linkwork_runtime.settings)."""

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "referral"
    http_port: int = 8001
    mongodb_database: str = "linkwork_referral"
