"""Settings of the journey service (environment variables; see linkwork_runtime.settings)."""

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "journey"
    http_port: int = 8002
    mongodb_database: str = "linkwork_journey"
    follow_up_weeks: int = 12
    follow_up_check_seconds: float = 300.0
