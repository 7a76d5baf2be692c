"""What the evaluation-suite tests share: a suite's builder loaded by path (the builders import no engine code) and a
content digest of a built SQLite database, to show the builders are deterministic."""

from __future__ import annotations

import hashlib
import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType


def load_builder(path: Path, name: str) -> ModuleType:
    """The module at ``path`` (a suite's ``build.py``) under ``name``."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, path
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def table_digest(path: Path) -> str:
    """Content digest of every table (row order fixed by rowid)."""
    conn = sqlite3.connect(path)
    h = hashlib.sha256()
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        h.update(name.encode())
        for row in conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid'):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()
