"""The business evaluation suite is a stable measuring stick: deterministic databases whose
declared keys hold, gold SQL that runs and returns rows, and a real held-out split."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.support.suites import load_builder, table_digest

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "eval" / "business"


def test_databases_are_deterministic_and_keys_hold(tmp_path: Path) -> None:
    build = load_builder(SUITE / "build.py", "business_build")
    first = build.build_all(tmp_path / "a")
    second = build.build_all(tmp_path / "b")
    assert len(first) >= 6
    for name, path in first.items():
        assert table_digest(path) == table_digest(second[name]), name
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == [], name
        fks = sum(len(conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall())
                  for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
        assert fks > 0, f"{name} declares no foreign keys"
        conn.close()


def test_every_gold_query_runs_and_returns_rows(tmp_path: Path) -> None:
    build = load_builder(SUITE / "build.py", "business_build")
    build.build_all(tmp_path)
    assert build.check(tmp_path) == []


def test_questions_and_split_cover_every_database() -> None:
    build = load_builder(SUITE / "build.py", "business_build")
    questions = build.load_questions()
    split = json.loads((SUITE / "split.json").read_text())
    names = set(build.BUILDERS)
    assert set(split["studied"]) | set(split["heldout"]) == names
    assert not set(split["studied"]) & set(split["heldout"])
    assert len(split["heldout"]) * 3 >= len(names)
    assert {q["db_id"] for q in questions} <= names
    texts = [(q["db_id"], q["question"].lower()) for q in questions]
    assert len(texts) == len(set(texts)), "duplicate questions"
    # the held-out questions sit apart from the studied ones, so studying one never shows the other
    studied_file = {q["db_id"] for q in json.loads((SUITE / "questions.json").read_text())}
    heldout_file = {q["db_id"] for q in json.loads((SUITE / "heldout" / "questions.json").read_text())}
    assert studied_file <= set(split["studied"]) and heldout_file <= set(split["heldout"])


def test_scoring_separates_wrong_tables_from_no_table_and_never_writes_heldout_questions() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import evalcore

    def asked(split: str, correct: bool, answered: bool, text: str) -> evalcore.Asked:
        q = evalcore.Question("db", text, "SELECT 1")
        return evalcore.Asked("business", "default", split, q, correct, answered, 10.0, "", "",
                              "c1" if correct else "c2", "c1")

    items = [asked("studied", True, True, "right"), asked("studied", False, True, "wrong table"),
             asked("studied", False, False, "clarified"), asked("heldout", False, True, "secret question")]
    f = evalcore.figures(items)
    assert (f.n, f.accuracy, f.wrong_rate, f.no_table_rate) == (4, 0.25, 0.5, 0.25)
    assert f.connection_accuracy == 0.25
    out = evalcore.asked_failures_jsonl(items)
    assert "wrong table" in out and "clarified" in out
    assert "secret question" not in out and "heldout" not in out
    assert "secret question" not in evalcore.render_figures(items)
    shown = evalcore.render_figures(items, db_groups={"new pair": ["db"], "absent": ["other"]})
    assert "group new pair" in shown and "absent" not in shown
    assert "db (studied)" in shown and "db (heldout)" not in shown, "held-out databases are shown only in aggregate"


def test_demo_rule_allows_extra_columns_the_exact_rule_does_not() -> None:
    """The demo suite is scored by one rule in-process and over HTTP (extra columns allowed)."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import evalcore

    gold = [("Ann",), ("Bob",)]
    shown = [(7, "Ann", 120.5), (9, "Bob", 99.0)]
    assert evalcore.subset_match(gold, shown, ordered=True)
    assert not evalcore.results_match(gold, shown, ordered=True)
    assert not evalcore.subset_match(gold, list(reversed(shown)), ordered=True)
    assert evalcore.subset_match([("2025", 3)], [(2025, 3.0)], ordered=False)
    assert not evalcore.subset_match(gold, shown[:1], ordered=False)
