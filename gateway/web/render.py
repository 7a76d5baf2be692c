"""Rendering and page headers shared by every browser page (web app, CLI sign-in, invitations)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.templating import Jinja2Templates
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from gateway.web.embed import embed_origins

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
# Browser builds served at /vendor/<name>, installed by `make install` (npm ci) from package-lock.json.
VENDOR = {"vega.min.js": "vega/build/vega.min.js", "vega-lite.min.js": "vega-lite/build/vega-lite.min.js",
          "vega-embed.min.js": "vega-embed/build/vega-embed.min.js"}


@dataclass(frozen=True)
class WebState:
    """Per-app state of the browser pages (``app.state.web``)."""

    templates: Jinja2Templates
    embed_origins: tuple[str, ...]
    static_dir: Path
    node_modules: Path

    def vendor_file(self, name: str) -> Path | None:
        rel = VENDOR.get(name)
        path = self.node_modules / rel if rel else None
        return path if path is not None and path.is_file() else None

    @property
    def charts_in_browser(self) -> bool:
        """Vega-Lite renders in the browser only when all three builds are installed; else the PNG."""
        return all(self.vendor_file(n) for n in VENDOR)


def build_web_state(env: Mapping[str, str]) -> WebState:
    return WebState(templates=Jinja2Templates(directory=str(HERE / "templates")), embed_origins=embed_origins(env),
                    static_dir=HERE / "static", node_modules=NODE_MODULES)


def web(request: Request) -> WebState:
    return request.app.state.web


def csp(frame_ancestors: str, *, form_action: bool = True) -> str:
    """Scripts only from this server (vega compiles expressions, hence 'unsafe-eval'); no inline scripts."""
    parts = ["default-src 'self'", "script-src 'self' 'unsafe-eval'", "style-src 'self' 'unsafe-inline'",
             "img-src 'self' data: blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'",
             f"frame-ancestors {frame_ancestors}"]
    if form_action:  # the CLI pages redirect to the CLI's loopback callback after a POST
        parts.append("form-action 'self'")
    return "; ".join(parts)


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200, *,
           frame_ancestors: str = "'none'", form_action: bool = True) -> Response:
    ctx = {"charts_in_browser": web(request).charts_in_browser, **(context or {})}
    resp: HTMLResponse = web(request).templates.TemplateResponse(request, name, ctx, status_code=status)
    secure_headers(resp, frame_ancestors, form_action=form_action)
    return resp


def secure_headers(resp: Response, frame_ancestors: str = "'none'", *, form_action: bool = True) -> None:
    resp.headers["Content-Security-Policy"] = csp(frame_ancestors, form_action=form_action)
    if frame_ancestors == "'none'":
        resp.headers["X-Frame-Options"] = "DENY"  # for browsers without frame-ancestors
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.headers["Referrer-Policy"] = "same-origin"
    resp.headers["Cache-Control"] = "no-store"
