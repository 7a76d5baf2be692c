"""A real local SMTP server for tests (aiosmtpd) that keeps every message it accepts."""

from __future__ import annotations

from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any


@dataclass
class Inbox:
    """aiosmtpd handler: keeps every message it accepts."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, email: str) -> EmailMessage:
        found = [m for m in self.messages if m["To"] == email]
        assert len(found) == 1, f"{len(found)} messages to {email}"
        return found[0]
