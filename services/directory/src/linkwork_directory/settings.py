"""Settings of the directory service (environment variables; see linkwork_runtime.settings)."""

from pydantic import Field

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "directory"
    http_port: int = 8003
    mongodb_database: str = "linkwork_directory"
    link_expiry_days: float = Field(
        default=14.0, gt=0, description="A link the provider has not answered by then expires"
    )
    link_expiry_check_seconds: float = Field(default=60.0, gt=0)
    responsiveness_days: int = Field(
        default=90, gt=0, description="How far back a provider's replies are counted"
    )
    demo_directory: bool = Field(
        default=True, description="Load the demo Leeds directory at start when it is empty"
    )
