"""Shared fixtures: one real running server per test session (processes over real sockets)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.stack import Stack, start_stack

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    s = start_stack(tmp_path_factory.mktemp("dot-data"))
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="session")
def asana_artifacts() -> Path:
    """Real dbt v8 artifacts kept in the repository (tests/fixtures/README.md says where from)."""
    return FIXTURES / "dbt" / "asana_source"
