"""Mail over SMTP (``DOT_SMTP_URL=smtp://[user:pass@]host:port``), used for invitations and reports."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from services.common.errors import InvalidArgument, Unavailable

SENDER = "dot@localhost"


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # e.g. text/csv
    data: bytes


async def send_mail(smtp_url: str, to: str | Sequence[str], subject: str, body: str,
                    attachments: Sequence[Attachment] = ()) -> None:
    """Send one message in a worker thread (smtplib is blocking)."""
    parts = urlsplit(smtp_url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InvalidArgument("DOT_SMTP_URL must look like smtp://host:port")
    recipients = [to] if isinstance(to, str) else list(to)
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = subject
    msg.set_content(body)
    for a in attachments:
        maintype, _, subtype = a.content_type.partition("/")
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype or "octet-stream", filename=a.filename)

    def run() -> None:
        cls = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        with cls(parts.hostname, parts.port or (465 if parts.scheme == "smtps" else 25), timeout=10) as s:
            if parts.username:
                s.login(unquote(parts.username), unquote(parts.password or ""))
            s.send_message(msg)

    try:
        await asyncio.to_thread(run)
    except (OSError, smtplib.SMTPException) as exc:
        raise Unavailable(f"could not deliver mail to {', '.join(recipients)}: the SMTP server did not accept it") \
            from exc
