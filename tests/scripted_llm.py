"""A real HTTP server that speaks OpenAI's Chat Completions API with scripted replies.

Tests point an engine at ``server.base_url`` (``http://127.0.0.1:<port>/v1``); each
``POST /v1/chat/completions`` pops the next scripted reply and records the request
(headers + JSON body) so tests can assert what the engine fed back to the model.

    with ScriptedLLM([tool_calls(call("run_sql", sql="SELECT 1")), answer("One.")]) as llm:
        ...  # LlmConfig(base_url=llm.base_url, ...)
        assert "SELECT 1" in llm.requests[1].tool_messages()[0]["content"]

A reply may also be a callable ``(request_body) -> Reply`` for replies that depend on
what the engine sent. When the script is exhausted the server answers HTTP 500 with
``scripted LLM: no reply left``.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Iterable, Union

DEFAULT_USAGE = {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP response. ``body`` is a chat message dict for status 200."""

    status: int = 200
    message: dict[str, Any] | None = None
    usage: dict[str, int] | None = field(default_factory=lambda: dict(DEFAULT_USAGE))
    error: str = ""
    raw_body: str | None = None  # sent verbatim instead of a generated body
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


ScriptItem = Union[Reply, Callable[[dict[str, Any]], Reply]]


@dataclass(frozen=True)
class RecordedRequest:
    """What the engine sent: path, lower-cased headers, parsed JSON body."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages", []))

    def tool_messages(self) -> list[dict[str, Any]]:
        """The ``role: tool`` messages (tool results fed back to the model)."""
        return [m for m in self.messages if m.get("role") == "tool"]

    def last_tool_output(self) -> str:
        msgs = self.tool_messages()
        return str(msgs[-1]["content"]) if msgs else ""


# ---------------------------------------------------------------- reply builders

def call(name: str, /, _raw_arguments: str | None = None, **arguments: Any) -> dict[str, Any]:
    """One tool call; ``_raw_arguments`` sends a literal (possibly invalid) arguments string."""
    args = _raw_arguments if _raw_arguments is not None else json.dumps(arguments)
    return {"id": f"call_{uuid.uuid4().hex[:12]}", "type": "function", "function": {"name": name, "arguments": args}}


def tool_calls(*calls: dict[str, Any], content: str | None = None, usage: dict[str, int] | None = None) -> Reply:
    """An assistant message asking for tool calls."""
    message = {"role": "assistant", "content": content, "tool_calls": list(calls)}
    return Reply(message=message, usage=usage if usage is not None else dict(DEFAULT_USAGE))


def answer(text: str, follow_ups: Iterable[str] = (), **extra: Any) -> Reply:
    """A call of the ``answer`` tool (the final step of the LLM analyst)."""
    return tool_calls(call("answer", text=text, follow_ups=list(follow_ups), **extra))


def text(content: str, usage: dict[str, int] | None = None) -> Reply:
    """A plain assistant message without tool calls."""
    return Reply(message={"role": "assistant", "content": content}, usage=usage if usage is not None else dict(DEFAULT_USAGE))


def error(status: int, message: str = "scripted failure", headers: dict[str, str] | None = None) -> Reply:
    """An HTTP error with an OpenAI-style ``{"error": {"message": ...}}`` body."""
    return Reply(status=status, error=message, usage=None, headers=headers or {})


def slow(delay_s: float, reply: Reply) -> Reply:
    """``reply`` sent after ``delay_s`` seconds (for client timeouts)."""
    return Reply(**{**reply.__dict__, "delay_s": delay_s})


# ---------------------------------------------------------------- server


class ScriptedLLM:
    """OpenAI-compatible test server on 127.0.0.1 with an ephemeral port, in a thread."""

    def __init__(self, script: Iterable[ScriptItem] = (), *, model: str = "scripted-model") -> None:
        self.model = model
        self.requests: list[RecordedRequest] = []
        self._script: list[ScriptItem] = list(script)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> ScriptedLLM:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="scripted-llm", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()  # wakes handlers sleeping in slow replies
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # script
    @property
    def port(self) -> int:
        assert self._server is not None, "server not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def add(self, *items: ScriptItem) -> None:
        with self._lock:
            self._script.extend(items)

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._script)

    def _next(self, request: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            item = self._script.pop(0) if self._script else None
        if item is None:
            return error(500, "scripted LLM: no reply left")
        return item(request.body) if callable(item) else item

    def _completion(self, reply: Reply, n: int) -> bytes:
        if reply.raw_body is not None:
            return reply.raw_body.encode()
        if reply.status >= 400:
            return json.dumps({"error": {"message": reply.error, "type": "scripted", "code": reply.status}}).encode()
        message = reply.message or {"role": "assistant", "content": ""}
        body: dict[str, Any] = {
            "id": f"chatcmpl-{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": self.model,
            "choices": [
                {"index": 0, "message": message, "finish_reason": "tool_calls" if message.get("tool_calls") else "stop"}
            ],
        }
        if reply.usage is not None:
            body["usage"] = reply.usage
        return json.dumps(body).encode()


def _handler_for(owner: ScriptedLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            return  # keep test output quiet (and never print headers)

        def _send(self, status: int, payload: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeout tests)

        def do_GET(self) -> None:  # noqa: N802 - stdlib naming
            if self.path.rstrip("/").endswith("/models"):
                self._send(200, json.dumps({"object": "list", "data": [{"id": owner.model, "object": "model"}]}).encode())
            else:
                self._send(404, b'{"error": {"message": "not found"}}')

        def do_POST(self) -> None:  # noqa: N802 - stdlib naming
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not self.path.split("?")[0].rstrip("/").endswith("/chat/completions"):
                self._send(404, b'{"error": {"message": "unknown route"}}')
                return
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                self._send(400, b'{"error": {"message": "invalid JSON"}}')
                return
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = owner._next(RecordedRequest(self.path, headers, body))
            if reply.delay_s and owner._stop.wait(reply.delay_s):
                return  # server stopping
            self._send(reply.status, owner._completion(reply, len(owner.requests)), reply.headers)

    return Handler
