"""Web cookies and their CSRF tokens.

The web app signs in with its own cookie (``dot_session``, path /) and the embedded view with
``dot_embed`` (path /embed, reached through /embed/api/...). Unlike Dot's ``Authorization`` cookie,
which the API accepts as it always did, these two authenticate a state-changing request only with
an ``X-CSRF-Token`` header: an HMAC of the cookie's credential under a key derived from the server
secret. Pages hand it to their own scripts; another site can neither read it nor compute it.
"""

from __future__ import annotations

import hashlib
import hmac

from starlette.requests import Request

from services.common.errors import PermissionDenied
from services.common.identity import derive_key

SESSION_COOKIE = "dot_session"
EMBED_COOKIE = "dot_embed"
EMBED_SCOPE = "dot.embed"  # ASGI scope flag set for /embed/api/... (see gateway.web.embed)
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SESSION_MAX_AGE_S = 7 * 24 * 3600  # the session JWT's own lifetime


def csrf_token(secret: str, credential: str, purpose: str) -> str:
    """The X-CSRF-Token that goes with one cookie credential (``purpose``: the cookie's name)."""
    digest = hashlib.sha256(credential.encode()).hexdigest()
    return hmac.new(derive_key(secret, "dot-web-csrf-v1"), f"{purpose}\x1f{digest}".encode(),
                    hashlib.sha256).hexdigest()


def web_cookie_credential(request: Request, secret: str) -> str | None:
    """The web or embed cookie's credential for this request; unsafe methods need the CSRF header."""
    name = EMBED_COOKIE if request.scope.get(EMBED_SCOPE) else SESSION_COOKIE
    cred = (request.cookies.get(name) or "").strip()
    if not cred:
        return None
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_token(secret, cred, name).encode()):
            raise PermissionDenied("this request came with a web session cookie but without its X-CSRF-Token header")
    return cred
