"""Settings of the notifications service (environment variables; see linkwork_runtime.settings)."""

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notifications"
    http_port: int = 8004
    mongodb_database: str = "linkwork_notifications"
