"""Settings of the notifications service (environment variables; see linkwork_runtime.settings).

Channels: SMTP for email, a GOV.UK Notify style HTTP API for SMS. Quiet hours keep messages
to the people referred out of the night (default 20:00-08:00, Europe/London); safety alerts
ignore them. A safeguarding concern unacknowledged for SAFEGUARDING_ESCALATE_HOURS escalates.
"""

from datetime import time
from zoneinfo import ZoneInfo

from pydantic import Field

from linkwork_notifications.domain.quiet_hours import QuietHours
from linkwork_runtime.settings import ServiceSettings


class Settings(ServiceSettings):
    service_name: str = "notifications"
    http_port: int = 8004
    mongodb_database: str = "linkwork_notifications"

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool | None = Field(
        default=None, description="STARTTLS: true requires it, false never, unset when offered"
    )
    smtp_use_tls: bool = Field(default=False, description="Implicit TLS (port 465 style)")
    smtp_timeout_seconds: float = 10.0
    email_from: str = "Linkwork <notifications@linkwork.invalid>"

    sms_api_base_url: str = "https://api.notifications.service.gov.uk"
    sms_api_key: str = Field(
        default="", description="Notify API key: <name>-<service id>-<secret key>"
    )
    sms_template_id: str = Field(
        default="", description="Notify template whose whole text is the ((body)) placeholder"
    )
    sms_timeout_seconds: float = 10.0

    quiet_hours_start: time = time(20, 0)
    quiet_hours_end: time = time(8, 0)
    quiet_hours_timezone: str = "Europe/London"
    appointment_reminder_hours: float = Field(
        default=24.0, ge=0, description="How long before a booked contact the person is reminded"
    )

    delivery_attempts: int = Field(default=6, description="Tries per delivery, first included")
    delivery_backoff_seconds: float = 1.0
    delivery_max_backoff_seconds: float = 60.0
    delivery_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a claim on a delivery lasts unless renewed (every third of it,"
        " while sending): how long what a killed dispatcher held waits to be taken over",
    )
    dispatch_poll_seconds: float = 1.0
    dispatch_concurrency: int = 8

    feed_poll_seconds: float = 0.5
    feed_retention_days: float = Field(
        default=30.0, gt=0, description="How long the live feed keeps an item for catching up"
    )
    stream_ping_seconds: float = 15.0

    safeguarding_escalate_hours: float = Field(
        default=4.0,
        gt=0,
        description="How long a safeguarding concern may stay unacknowledged before every "
        "manager of its team is told",
    )
    safeguarding_check_seconds: float = Field(
        default=30.0, gt=0, description="How often the escalation timer looks for such concerns"
    )
    console_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The staff console's address, for the links in staff notifications",
    )


def quiet_hours_of(settings: Settings) -> QuietHours:
    return QuietHours(
        settings.quiet_hours_start,
        settings.quiet_hours_end,
        ZoneInfo(settings.quiet_hours_timezone),
    )
