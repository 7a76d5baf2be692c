"""The browser app: server-rendered pages (Jinja2) whose scripts call the public HTTP API."""
