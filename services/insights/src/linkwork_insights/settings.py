"""Settings of the insights service (environment variables; see linkwork_runtime.settings)."""

from pydantic import Field

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "insights"
    http_port: int = 8005
    # The base database: it holds the pointer to the active one (store/active.py), which is
    # itself until the first `linkwork-insights rebuild`.
    mongodb_database: str = "linkwork_insights"
    suppress_below: int = Field(
        default=5, ge=1, description="Counts from 1 to this less one are shown as suppressed"
    )
    practices_file: str = Field(
        default="",
        description="CSV of practice_code,practice_name,pcn_code,pcn_name,icb_code,icb_name; "
        "empty: the sample for the demo practices (dev/practices.csv)",
    )
