"""Schema-based fuzzing of every operation in /openapi.json (schemathesis), over real HTTP.

Each operation gets a bounded number of generated requests, valid inputs (positive) and,
where some input can break the schema, inputs that do (negative), once with the admin's valid API token and once
with no credential. Every response must be below 500 and, where its status is declared,
match the declared schema and media type.

Why not ``schema.parametrize()``: schemathesis' pytest plugin cannot load a schema from a
fixture under pytest 9, so the operations are listed at collection time from the app's own
``openapi()`` (no server needed), and a first test proves the running server serves exactly
that document. Each case is then sent to the running stack with ``case.call_and_validate``.

The stack is dedicated to this module: fuzzing as an admin flips org settings and creates
users, which other modules must not see. No operation is excluded. Redirects are not
followed (``/cli-auth`` answers 302 to the CLI's loopback callback, which is not listening
here; that redirect is what tests/test_auth_attacks.py checks).
"""

from __future__ import annotations

import copy
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from gateway.app import create_app
from services.common.config import Settings
from tests.support.stack import Stack, start_stack

MAX_EXAMPLES = 20
REQUEST_TIMEOUT_S = 60
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
FUZZ_SETTINGS = settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                         phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


def app_openapi() -> dict[str, Any]:
    """The OpenAPI document the gateway builds (creating the app touches no disk or network)."""
    with tempfile.TemporaryDirectory() as d:
        return create_app(Settings(data_dir=Path(d), secret_key="openapi-only")).openapi()


def can_be_broken(operation: dict[str, Any]) -> bool:
    """Whether any request can violate the operation's schema.

    A path parameter declared as a plain string accepts every string, so an operation with
    only such inputs has no negative case (schemathesis would report Unsatisfiable).
    """
    if "requestBody" in operation:
        return True
    return any(p["in"] != "path" or set(p.get("schema", {})) - {"type", "title"} or
               p.get("schema", {}).get("type") != "string" for p in operation.get("parameters", []))


SPEC = app_openapi()
SCHEMA = schemathesis.openapi.from_dict(copy.deepcopy(SPEC))
LABELS = sorted(op.ok().label for op in SCHEMA.get_all_operations())
CASES = [pytest.param(label, mode, id=f"{label}-{mode}") for label in LABELS
         for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
         if mode == GenerationMode.POSITIVE or can_be_broken(SPEC["paths"][label.split(" ", 1)[1]][
             label.split(" ", 1)[0].lower()])]


@pytest.fixture(scope="module")
def fuzz_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = start_stack(Path(tmp_path_factory.mktemp("fuzz-data")))
    try:
        yield s
    finally:
        s.stop()


def test_served_openapi_is_the_fuzzed_one(fuzz_stack: Stack) -> None:
    served = httpx.get(f"{fuzz_stack.url}/openapi.json", timeout=30)
    assert served.status_code == 200
    assert served.json() == SPEC
    assert len(LABELS) == sum(len([m for m in p if m in ("get", "post", "put", "patch", "delete")])
                              for p in SPEC["paths"].values())


def run_operation(stack: Stack, label: str, mode: GenerationMode, headers: dict[str, str]) -> None:
    operation = SCHEMA.find_operation_by_label(label)
    assert operation is not None, label

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: schemathesis.Case) -> None:
        case.call_and_validate(base_url=stack.url, headers=headers, checks=CHECKS, timeout=REQUEST_TIMEOUT_S,
                               allow_redirects=False)

    fuzz()


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_fuzz_with_valid_token(fuzz_stack: Stack, label: str, mode: GenerationMode) -> None:
    run_operation(fuzz_stack, label, mode, {"API-KEY": fuzz_stack.admin_token})


@pytest.mark.parametrize(("label", "mode"), CASES)
def test_fuzz_without_token(fuzz_stack: Stack, label: str, mode: GenerationMode) -> None:
    run_operation(fuzz_stack, label, mode, {})


def validate(stack: Stack, label: str, headers: dict[str, str] | None = None, **case: Any) -> Any:
    """Send one hand-made case and run the same checks as the fuzzer; returns the response."""
    operation = SCHEMA.find_operation_by_label(label)
    assert operation is not None, label
    return operation.Case(**case).call_and_validate(
        base_url=stack.url, headers={"API-KEY": stack.admin_token} if headers is None else headers, checks=CHECKS,
        timeout=REQUEST_TIMEOUT_S, allow_redirects=False)


def test_real_resources_match_their_schema(fuzz_stack: Stack) -> None:
    """Random inputs rarely name a real chat, asset or table; these success paths are checked by hand."""
    chat_id = "fuzz-real-chat"
    r = validate(fuzz_stack, "POST /api/agentic", body={
        "messages": [{"role": "user", "content": "Show the number of customers by country as a bar chart"}],
        "chat_id": chat_id})
    assert r.status_code == 200, r.text
    data = r.json()[-1]["additional_data"]
    urls = [a.get("csv_download_url") or a.get("chart_download_url") for a in data["assets"].values()]
    csv_urls = [httpx.URL(u) for u in urls if u and "/api/download_csv" in u]
    png_urls = [httpx.URL(u) for u in urls if u and "/api/asset/" in u]
    assert csv_urls and png_urls, data
    assert validate(fuzz_stack, "GET /api/download_csv", query=dict(csv_urls[0].params)).status_code == 200
    token = png_urls[0].path.rsplit("/", 1)[1]
    assert validate(fuzz_stack, "GET /api/asset/{token}", headers={}, path_parameters={"token": token}
                    ).status_code == 200
    assert validate(fuzz_stack, "GET /api/c2/{chat_id}", path_parameters={"chat_id": chat_id}).status_code == 200
    assert validate(fuzz_stack, "POST /api/feedback", body={"chat_id": chat_id, "message_position": 1,
                                                             "positive": True}).status_code == 200
    assert validate(fuzz_stack, "POST /api/add_label_to_chat", body={"chat_id": chat_id,
                                                                      "labels": ["fuzz"]}).status_code == 200
    for fmt in ("json", "csv"):
        assert validate(fuzz_stack, "GET /api/export_history", query={"format": fmt}).status_code == 200
    tables = validate(fuzz_stack, "GET /api/tables").json()
    assert tables
    assert validate(fuzz_stack, "GET /api/tables/{table_id}", path_parameters={"table_id": tables[0]["id"]}
                    ).status_code == 200
    created = validate(fuzz_stack, "POST /api/api_tokens", body={"name": "fuzz"}).json()
    assert validate(fuzz_stack, "DELETE /api/api_tokens/{token_id}", path_parameters={"token_id": created["id"]}
                    ).status_code == 200
