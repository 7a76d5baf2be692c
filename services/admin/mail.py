"""Invitation mail text; delivery is ``services.common.mail``."""

from __future__ import annotations


def invitation_text(link: str, role: str) -> str:
    return (f"You have been invited to Dot as {role}.\n\nAccept the invitation and choose a password:\n{link}\n\n"
            "The link works once and expires in 7 days.\n")
