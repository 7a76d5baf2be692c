"""Example host application that embeds Dot's chat (standard library only).

Its server side mints an embedded token for the signed-in user of the host app with Dot's
``POST /api/auth/embedded_user_login`` (the admin API token never reaches a browser), then the
page hands the token to the ``/embed`` iframe by ``postMessage`` once the frame says it is
ready (or, with ``?mode=fragment``, in the frame URL's fragment, which no server or log sees).

    DOT_URL=http://127.0.0.1:8000 DOT_API_TOKEN=dot-... EMBED_USER=ana@example.com \\
    EMBED_GROUPS=sales python docs/embed/host_app.py --port 8799

Dot must list this app's origin: ``DOT_EMBED_ORIGINS=http://127.0.0.1:8799``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme analytics</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;background:#fafafa}}
header{{background:#222;color:#fff;padding:.75rem 1rem}} main{{padding:1rem}}
iframe{{width:100%;height:80vh;border:1px solid #ccc;border-radius:8px;background:#fff}}</style></head>
<body><header>Acme analytics: your own app, with Dot inside</header>
<main><iframe id="dot" title="Ask Dot about your data" src="{src}"></iframe></main>
<script>
  const dotOrigin = {origin};
  const token = {token};
  window.dotEvents = [];
  window.addEventListener("message", (ev) => {{
    if (ev.origin !== dotOrigin || !ev.data) return;   // only Dot's frame
    window.dotEvents.push(ev.data.type);
    if (ev.data.type === "dot:ready" && token) {{
      document.getElementById("dot").contentWindow.postMessage({{type: "dot:token", token}}, dotOrigin);
    }}
  }});
</script></body></html>"""


def mint_embedded_token(dot_url: str, api_token: str, user: str, groups: str) -> str:
    """Server side only: the admin's API token stays on the host app's server."""
    body = json.dumps({"user_id": user, "active_groups": groups}).encode()
    req = urllib.request.Request(f"{dot_url}/api/auth/embedded_user_login", data=body, method="POST",
                                 headers={"Content-Type": "application/json", "API-KEY": api_token})
    with urllib.request.urlopen(req, timeout=30) as r:
        return str(json.load(r)["access_token"])


def make_handler(dot_url: str, api_token: str, user: str, groups: str) -> type[BaseHTTPRequestHandler]:
    origin = "{0.scheme}://{0.netloc}".format(urlparse(dot_url))

    class Host(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            url = urlparse(self.path)
            if url.path != "/":
                self.send_error(404)
                return
            token = mint_embedded_token(dot_url, api_token, user, groups)
            fragment = parse_qs(url.query).get("mode") == ["fragment"]
            src = f"{dot_url}/embed" + (f"#token={token}" if fragment else "")
            page = PAGE.format(src=html.escape(src, quote=True), origin=json.dumps(origin),
                               token=json.dumps(None if fragment else token).replace("<", "\\u003c"))
            data = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:  # keep tokens out of the console
            pass

    return Host


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8799)
    a = ap.parse_args()
    env = os.environ
    handler = make_handler(env.get("DOT_URL", "http://127.0.0.1:8000").rstrip("/"), env["DOT_API_TOKEN"],
                           env["EMBED_USER"], env.get("EMBED_GROUPS", ""))
    server = ThreadingHTTPServer((a.host, a.port), handler)
    print(f"host app on http://{a.host}:{a.port}/ (Dot must allow this origin in DOT_EMBED_ORIGINS)", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
