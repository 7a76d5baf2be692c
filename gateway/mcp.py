"""Dot's MCP server at ``/ai/mcp``: the official ``mcp`` SDK over Streamable HTTP, in the gateway.

Four read-only tools, named as Dot names them: ``get_catalog`` (instant), ``ask_dot`` (starts an
answer and returns its ``chat_id`` at once), ``get_result`` ("Still processing" until done, then the
answer as the CLI shows it, with tables as CSV resource blocks and charts as PNG image blocks) and
``wait``. Every tool calls the same RPCs as the HTTP routes, under the caller's identity, so the
guard, groups and row filters apply unchanged.

Authentication happens before the SDK sees a request (``McpAuth``): an API token or an MCP-only
token in ``X-API-KEY`` (``API-KEY`` and ``Authorization: Bearer`` too). The server is stateless
(no MCP sessions), so any gateway worker or replica can answer any call.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from typing import Any
from urllib.parse import urlsplit

import grpc
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from mcp_types import ContentBlock, EmbeddedResource, ImageContent, TextContent, TextResourceContents
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from dot.v1 import conversation_pb2, knowledge_pb2
from gateway.credentials import Verified
from gateway.deps import GatewayState, mcp_caller
from gateway.errors import error_response
from gateway.models import cli_catalog_out, messages_json
from services.common import grpc_errors
from services.common.errors import DomainError, InvalidArgument, NotFound
from services.common.limits import CHAT_ID_RE, CHAT_ID_RULE

MCP_PATH = "/ai/mcp"
RPC_TIMEOUT = 30.0
MAX_WAIT_S = 60.0
MAX_CSV_BYTES = 1_000_000  # a CSV block larger than this is cut (the full file stays downloadable)
STILL_PROCESSING = "Still processing"
INSTRUCTIONS = (
    "Dot answers questions about your organisation's data. Call get_catalog to see what data exists, "
    "ask_dot(question) to start an answer (it returns a chat_id at once), then get_result(chat_id) until it "
    "no longer says 'Still processing' (use wait(seconds) between polls). Pass the same chat_id to ask_dot for "
    "a follow-up question."
)


def _who(ctx: Context) -> tuple[GatewayState, Verified]:
    state = ctx.request_context.request.scope["state"]  # type: ignore[union-attr]
    return state["dot_gw"], state["dot_caller"]


async def _rpc(call: Any) -> Any:
    try:
        return await call
    except grpc.aio.AioRpcError as exc:
        raise grpc_errors.decode(exc) from None


async def _read_stream(call: Any, limit: int) -> tuple[bytes, bool]:
    """Read a stream of byte chunks up to ``limit`` bytes; returns the bytes and whether it was cut."""
    out = bytearray()
    try:
        async for chunk in call:
            out += chunk.data
            if len(out) > limit:
                call.cancel()
                return bytes(out[:limit]), True
    except grpc.aio.AioRpcError as exc:
        raise grpc_errors.decode(exc) from None
    return bytes(out), False


def build_mcp_server() -> MCPServer:
    """The MCP server with Dot's four tools (stateless: every call carries its own credential)."""
    server = MCPServer("dot", instructions=INSTRUCTIONS, version="1.0.0")

    @server.tool(description="What data Dot can answer questions about: connections, tables and their columns. "
                             "Instant, no LLM call.")
    async def get_catalog(ctx: Context) -> str:
        gw, who = _who(ctx)
        r = await _rpc(gw.clients.knowledge.GetCliCatalog(knowledge_pb2.GetCliCatalogRequest(),
                                                         metadata=who.metadata, timeout=RPC_TIMEOUT))
        return json.dumps(cli_catalog_out(r).model_dump(mode="json", by_alias=True), indent=2)

    @server.tool(description="Ask Dot a question about the data. Returns a chat_id at once; poll get_result(chat_id) "
                             "for the answer. Pass an earlier chat_id to ask a follow-up in the same chat, and "
                             "optionally a connection_id (see get_catalog) to choose the data source.")
    async def ask_dot(question: str, ctx: Context, chat_id: str | None = None, connection_id: str | None = None) -> str:
        gw, who = _who(ctx)
        question = question.strip()
        if not question:
            raise InvalidArgument("question must not be empty")
        chat_id = chat_id or f"mcp-{uuid.uuid4().hex}"
        if not CHAT_ID_RE.match(chat_id):
            raise InvalidArgument(CHAT_ID_RULE)
        request = ctx.request_context.request
        base = gw.settings.public_url or str(request.base_url).rstrip("/")  # type: ignore[union-attr]
        req = conversation_pb2.AskRequest(chat_id=chat_id,
                                          messages=[conversation_pb2.InputMessage(role="user", content=question)],
                                          base_url=base, skip_check=True, connection_id=connection_id or "")
        r = await _rpc(gw.clients.conversation.Ask(req, metadata=who.metadata, timeout=RPC_TIMEOUT))
        return (f"chat_id: {r.chat_id}\nDot is working on the answer. Call get_result with this chat_id "
                f"(use wait between polls while it says '{STILL_PROCESSING}').")

    @server.tool(description="The answer of a chat started with ask_dot: 'Still processing' until it is ready, then "
                             "the answer text, its tables (CSV) and charts (PNG).")
    async def get_result(chat_id: str, ctx: Context) -> list[ContentBlock]:
        gw, who = _who(ctx)
        if not CHAT_ID_RE.match(chat_id):
            return [TextContent(text="Chat not found")]
        try:
            r = await _rpc(gw.clients.conversation.GetChat(conversation_pb2.GetChatRequest(chat_id=chat_id),
                                                           metadata=who.metadata, timeout=RPC_TIMEOUT))
        except NotFound:
            return [TextContent(text="Chat not found")]
        if r.status == "in_progress":
            return [TextContent(text=STILL_PROCESSING)]
        messages = messages_json(r.messages)
        answer = next((m for m in reversed(messages) if m.get("role") == "assistant"), None)
        if answer is None:
            return [TextContent(text=STILL_PROCESSING if r.status != "failed" else "The answer failed.")]
        return await _answer_blocks(gw, who, chat_id, answer)

    @server.tool(description="Wait this many seconds (at most 60) before polling get_result again.")
    async def wait(seconds: float) -> str:
        s = min(max(float(seconds), 0.0), MAX_WAIT_S)
        await asyncio.sleep(s)
        return f"Waited {s:g} seconds."

    return server


async def _answer_blocks(gw: GatewayState, who: Verified, chat_id: str, message: dict[str, Any]) -> list[ContentBlock]:
    """The CLI's content for one assistant message, with tables and charts as MCP content blocks."""
    data = message.get("additional_data") or {}
    assets: dict[str, Any] = data.get("assets") or {}
    text = str(message.get("content") or "")
    follow_ups = [str(f) for f in message.get("suggested_follow_ups") or []]
    if follow_ups:
        text += "\n\nSuggested follow-ups:\n" + "\n".join(f"- {f}" for f in follow_ups)
    if data.get("dot_url"):
        text += f"\n\nOpen in Dot: {data['dot_url']}"
    blocks: list[ContentBlock] = [TextContent(text=text)]
    for part in data.get("formatted_result") or []:
        key, asset = part.get("data"), assets.get(str(part.get("data")))
        if part.get("type") == "dataframe" and asset is not None:
            call = gw.clients.conversation.GetAsset(conversation_pb2.GetAssetRequest(chat_id=chat_id, key=key),
                                                    metadata=who.metadata, timeout=RPC_TIMEOUT)
            body, cut = await _read_stream(call, MAX_CSV_BYTES)
            csv_text = body.decode("utf-8", "replace")
            if cut:
                csv_text = csv_text[: csv_text.rfind("\n") + 1]
            uri = asset.get("csv_download_url") or f"dot://chat/{chat_id}/{key}.csv"
            blocks.append(EmbeddedResource(resource=TextResourceContents(uri=uri, mime_type="text/csv", text=csv_text)))
            if cut:
                blocks.append(TextContent(text=f"The table was cut at {MAX_CSV_BYTES:,} bytes; the whole CSV: {uri}"))
        elif part.get("type") == "chart" and asset is not None:
            token = urlsplit(str(asset.get("chart_download_url", ""))).path.rsplit("/", 1)[-1]
            if not token:
                continue
            call = gw.clients.conversation.GetSecretAsset(conversation_pb2.GetSecretAssetRequest(token=token),
                                                          timeout=RPC_TIMEOUT)
            png, _ = await _read_stream(call, 20_000_000)
            blocks.append(ImageContent(data=base64.b64encode(png).decode(), mime_type="image/png"))
    return blocks


class McpAuth:
    """ASGI wrapper: verify the caller before the MCP SDK sees the request; 401/403 as ``{"detail"}``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        gw: GatewayState = scope["app"].state.gw
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            who = await mcp_caller(gw, headers)
        except DomainError as exc:
            await error_response(exc)(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["dot_gw"], state["dot_caller"] = gw, who
        await self.app(scope, receive, send)


def mcp_app(server: MCPServer) -> Starlette:
    """The SDK's Streamable HTTP app for ``server``, answering at ``/ai/mcp`` when mounted at ``/ai``.

    The SDK's DNS-rebinding check is off: every request must carry an API key header (which a
    rebinding web page cannot send), and the gateway checks Host headers for the whole app.
    """
    return server.streamable_http_app(
        streamable_http_path=MCP_PATH.removeprefix("/ai"), stateless_http=True, json_response=True,
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False))
