"""SMS through a GOV.UK Notify style HTTP API: POST /v2/notifications/sms with a JWT signed by
the API key's secret (iss: the service id). The message is our own rendered text, passed as
the `body` personalisation of one Notify template whose content is `((body))`."""

from __future__ import annotations

import time

import httpx
import jwt

from linkwork_notifications.channels import (
    OutgoingMessage,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from linkwork_notifications.domain.redaction import redact
from linkwork_notifications.settings import Settings

UUID_LENGTH = 36


def notify_token(api_key: str, now: float | None = None) -> str:
    """Notify's bearer token: HS256 over {iss: service id, iat}, keyed by the secret part."""
    service_id = api_key[-(2 * UUID_LENGTH + 1) : -(UUID_LENGTH + 1)]
    secret = api_key[-UUID_LENGTH:]
    claims = {"iss": service_id, "iat": int(now if now is not None else time.time())}
    return jwt.encode(claims, secret, algorithm="HS256")


class NotifySms:
    def __init__(self, settings: Settings, http: httpx.AsyncClient) -> None:
        self._settings = settings
        self._http = http

    async def send(self, message: OutgoingMessage) -> None:
        s = self._settings
        if len(s.sms_api_key) < 2 * UUID_LENGTH + 2 or not s.sms_template_id:
            raise PermanentDeliveryError(
                "sms provider not configured: SMS_API_KEY, SMS_TEMPLATE_ID"
            )
        body = {
            "phone_number": message.address,
            "template_id": s.sms_template_id,
            "personalisation": {"body": message.body},
            "reference": message.notification_id,
        }
        try:
            response = await self._http.post(
                f"{s.sms_api_base_url.rstrip('/')}/v2/notifications/sms",
                json=body,
                headers={"Authorization": f"Bearer {notify_token(s.sms_api_key)}"},
                timeout=s.sms_timeout_seconds,
            )
        except httpx.TransportError as exc:
            raise TransientDeliveryError(
                f"sms provider unreachable: {type(exc).__name__}"
            ) from None
        if response.is_success:
            return
        reason = f"sms provider {response.status_code}: {redact(_errors(response))}"
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientDeliveryError(reason)
        raise PermanentDeliveryError(reason)


def _errors(response: httpx.Response) -> str:
    """Notify answers {"errors": [{"error": ..., "message": ...}], "status_code": ...}."""
    try:
        errors = response.json().get("errors", [])
        return "; ".join(f"{e.get('error')}: {e.get('message')}" for e in errors) or response.text
    except ValueError:
        return response.text
