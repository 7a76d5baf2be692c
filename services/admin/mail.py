"""Invitation mail over SMTP (``DOT_SMTP_URL=smtp://[user:pass@]host:port``)."""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from services.common.errors import InvalidArgument, Unavailable

SENDER = "dot@localhost"


def invitation_text(link: str, role: str) -> str:
    return (f"You have been invited to Dot as {role}.\n\nAccept the invitation and choose a password:\n{link}\n\n"
            "The link works once and expires in 7 days.\n")


async def send_mail(smtp_url: str, to: str, subject: str, body: str) -> None:
    """Send one message in a worker thread (smtplib is blocking)."""
    parts = urlsplit(smtp_url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise InvalidArgument("DOT_SMTP_URL must look like smtp://host:port")
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = to
    msg["Subject"] = subject
    msg.set_content(body)

    def run() -> None:
        cls = smtplib.SMTP_SSL if parts.scheme == "smtps" else smtplib.SMTP
        with cls(parts.hostname, parts.port or (465 if parts.scheme == "smtps" else 25), timeout=10) as s:
            if parts.username:
                s.login(unquote(parts.username), unquote(parts.password or ""))
            s.send_message(msg)

    try:
        await asyncio.to_thread(run)
    except (OSError, smtplib.SMTPException) as exc:
        raise Unavailable(f"could not deliver mail to {to}: the SMTP server did not accept it") from exc
