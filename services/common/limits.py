"""Input limits of the conversation API, in one place: the gateway's request models and the
conversation service both apply them (the services are a public surface for internal callers
too, so the gateway is not the only line of defence)."""

from __future__ import annotations

import re
from typing import Any

from services.common.errors import InvalidArgument

CHAT_ID_MAX = 200
CHAT_ID_RE = re.compile(r"^[\w.:\-@+=/\\]{1,200}$")
CHAT_ID_RULE = "chat_id must be 1-200 characters of letters, digits and -_.:@+=/"
OWNER_MAX = 320  # an e-mail address or a user id
MESSAGE_ROLES = ("user", "assistant", "system")
MESSAGES_PER_REQUEST = 50
MESSAGE_CONTENT_MAX = 20_000
LABEL_MAX = 200
LABELS_PER_REQUEST = 100
LABELS_PER_CHAT = 100
FEEDBACK_DESCRIPTION_MAX = 5000
MESSAGE_POSITION_MAX = 100_000
EXTRA_MAX = 2000
ASSET_KEY_MAX = 200
BASE_URL_MAX = 2000


def check_chat_id(chat_id: str) -> str:
    if not isinstance(chat_id, str) or not CHAT_ID_RE.match(chat_id):
        raise InvalidArgument(CHAT_ID_RULE)
    return chat_id


def check_length(value: str, limit: int, name: str) -> str:
    if len(value) > limit:
        raise InvalidArgument(f"{name} must be at most {limit} characters")
    return value


def check_messages(messages: Any) -> list[dict[str, Any]]:
    """A list of at most 50 ``{role, content}`` objects with string content of at most 20,000 characters."""
    if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        raise InvalidArgument("messages must be a list of {role, content} objects")
    if len(messages) > MESSAGES_PER_REQUEST:
        raise InvalidArgument(f"messages must contain at most {MESSAGES_PER_REQUEST} messages")
    for m in messages:
        if m.get("role", "user") not in MESSAGE_ROLES:
            raise InvalidArgument(f"message role must be one of {', '.join(MESSAGE_ROLES)}")
        if not isinstance(m.get("content"), str):
            raise InvalidArgument("message content must be a string")
        check_length(m["content"], MESSAGE_CONTENT_MAX, "message content")
    return messages


def check_labels(labels: list[str]) -> list[str]:
    if len(labels) > LABELS_PER_REQUEST:
        raise InvalidArgument(f"labels must contain at most {LABELS_PER_REQUEST} labels")
    for label in labels:
        check_length(label, LABEL_MAX, "a label")
    return labels


__all__ = [name for name in dir() if name.isupper() or name.startswith("check_")]
