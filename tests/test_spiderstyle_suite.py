"""The own Spider-style suite (eval/spiderstyle) is a stable measuring stick: deterministic databases whose
declared keys hold, gold SQL that runs and returns rows, no ties at LIMIT 1, and a split with a held-out
database. It needs nothing outside the repository (make test runs without ../shared)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from tests.support.suites import load_builder, table_digest

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "eval" / "spiderstyle"


def test_databases_are_deterministic_and_keys_hold(tmp_path: Path) -> None:
    build = load_builder(SUITE / "build.py", "spiderstyle_build")
    first = build.build_all(tmp_path / "a")
    second = build.build_all(tmp_path / "b")
    assert len(first) == 8
    for name, path in first.items():
        assert table_digest(path) == table_digest(second[name]), name
        conn = sqlite3.connect(path)
        tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert 4 <= len(tables) <= 8, name
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], name
        assert any(conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall() for t in tables), name
        conn.close()


def test_every_gold_query_runs_and_returns_rows_without_ties(tmp_path: Path) -> None:
    build = load_builder(SUITE / "build.py", "spiderstyle_build")
    build.build_all(tmp_path)
    assert build.check(tmp_path) == []
    for q in build.load_questions():  # a superlative's winner is unique: the runner-up's sort key differs
        m = re.search(r"ORDER BY (.*?) (?:DESC |ASC )?LIMIT 1$", q["query"])
        if not m:
            continue
        probe = q["query"].replace("SELECT ", f"SELECT {m.group(1)} AS k__, ", 1).replace("LIMIT 1", "LIMIT 2")
        conn = sqlite3.connect(tmp_path / f"{q['db_id']}.sqlite")
        rows = conn.execute(probe).fetchall()
        conn.close()
        assert len(rows) < 2 or rows[0][0] != rows[1][0], q["question"]


def test_split_is_a_partition_with_a_heldout_database() -> None:
    build = load_builder(SUITE / "build.py", "spiderstyle_build")
    split = json.loads((SUITE / "split.json").read_text())
    studied, heldout = set(split["studied"]), set(split["heldout"])
    assert heldout and studied and not studied & heldout
    assert studied | heldout == set(build.BUILDERS)
    counts = {name: 0 for name in build.BUILDERS}
    for q in build.load_questions():
        assert set(q) == {"db_id", "question", "query"}
        counts[q["db_id"]] += 1
    assert all(35 <= n <= 40 for n in counts.values()), counts
