"""Settings of the console (environment variables): where the services are, how people sign
in, how long a session lasts."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from linkwork_runtime.settings import ServiceSettings

# services/console/node_modules, where `make install` puts the NHS.UK frontend and htmx.
PACKAGE_ASSETS = Path(__file__).resolve().parents[2] / "node_modules"


# Public on purpose, like the services' development token secret: development only.
DEVELOPMENT_SESSION_SECRET = "linkwork-console-dev-session-secret-change-me"


class Settings(ServiceSettings):
    service_name: str = "console"
    http_port: int = 8000
    mongodb_database: str = "linkwork_console"

    referral_url: str = "http://127.0.0.1:8001"
    journey_url: str = "http://127.0.0.1:8002"
    directory_url: str = "http://127.0.0.1:8003"
    notifications_url: str = "http://127.0.0.1:8004"
    backend_timeout_seconds: float = Field(
        default=5.0, gt=0, description="How long a page waits for a service before saying so"
    )

    # AUTH_MODE (the runtime's): development, pick a demo user and the console signs a
    # development token for them; oidc, sign in at the identity provider, whose access token
    # the console checks as the services do (AUTH_ISSUER, AUTH_AUDIENCE, the claim names).
    oidc_issuer: str = Field(default="", description="Where people sign in (default: AUTH_ISSUER)")
    oidc_client_id: str = ""
    oidc_client_secret: str = ""
    oidc_scopes: str = "openid profile"

    @property
    def sign_in_issuer(self) -> str:
        return self.oidc_issuer or self.auth_issuer

    session_secret: str = Field(
        default=DEVELOPMENT_SESSION_SECRET,
        description="Signs the session cookie",
    )
    session_hours: float = Field(default=8.0, gt=0, description="A session's longest life")
    secure_cookies: bool = Field(
        default=False, description="Send cookies over HTTPS only (set outside development)"
    )
    node_modules: Path = Field(
        default=PACKAGE_ASSETS, description="Where the NHS.UK frontend and htmx are installed"
    )
