"""Settings of the directory service (environment variables; see linkwork_runtime.settings)."""

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "directory"
    http_port: int = 8003
    mongodb_database: str = "linkwork_directory"
