"""E-mail over SMTP with aiosmtplib. The Message-ID is the notification id, so a message sent
twice after a crash is recognisable as one by mail systems and by the recipient's client."""

from __future__ import annotations

from email.message import EmailMessage

import aiosmtplib

from linkwork_notifications.channels import (
    OutgoingMessage,
    PermanentDeliveryError,
    TransientDeliveryError,
)
from linkwork_notifications.domain.redaction import redact
from linkwork_notifications.settings import Settings


class SmtpEmail:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def compose(self, message: OutgoingMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self._settings.email_from
        email["To"] = message.address
        email["Subject"] = message.subject
        email["Message-ID"] = f"<{message.notification_id}@linkwork>"
        email.set_content(message.body)
        return email

    async def send(self, message: OutgoingMessage) -> None:
        s = self._settings
        try:
            await aiosmtplib.send(
                self.compose(message),
                hostname=s.smtp_host,
                port=s.smtp_port,
                username=s.smtp_username,
                password=s.smtp_password,
                use_tls=s.smtp_use_tls,
                start_tls=s.smtp_starttls,
                timeout=s.smtp_timeout_seconds,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [refusal.code for refusal in exc.recipients]
            raise _by_code(min(codes), "; ".join(r.message for r in exc.recipients)) from None
        except aiosmtplib.SMTPResponseException as exc:
            raise _by_code(exc.code, exc.message) from None
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise TransientDeliveryError(f"smtp unreachable: {type(exc).__name__}") from None


def _by_code(code: int, text: str) -> TransientDeliveryError | PermanentDeliveryError:
    reason = f"smtp {code}: {redact(text)}"
    return PermanentDeliveryError(reason) if code >= 500 else TransientDeliveryError(reason)
