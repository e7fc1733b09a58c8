"""Settings of the journey service (environment variables; see linkwork_runtime.settings)."""

from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "journey"
    http_port: int = 8002
    mongodb_database: str = "linkwork_journey"
    follow_up_weeks: int = 12
    follow_up_check_seconds: float = 300.0
    # Lone working: no check-out this long after a visit's expected end raises LoneWorkerOverdue
    # to the team's managers; the timer looks every `lone_working_check_seconds`.
    lone_working_grace_minutes: float = 30.0
    lone_working_check_seconds: float = 30.0
    lone_working_visit_minutes: int = 60  # a visit's length when its appointment gives none
