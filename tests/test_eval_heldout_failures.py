"""``scripts/eval_spider.py`` never writes a held-out database's failures nor prints its per-database line: held-out
figures are reported only in aggregate, so nobody tuning the engine reads them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402


def _report() -> evalcore.Report:
    report = evalcore.Report()
    for i, (db, ok) in enumerate([("alpha", False), ("alpha", True), ("hidden", False), ("hidden", True)]):
        q = evalcore.Question(db, f"question {i}", "SELECT 1", i)
        report.add(evalcore.Outcome(q, "SELECT 2", ok, "match" if ok else "result differs", "easy", 1.0))
    return report


def test_held_out_failures_are_not_written() -> None:
    rows = [json.loads(line) for line in _report().failures_jsonl(exclude_dbs={"hidden"}).splitlines()]
    assert [r["db_id"] for r in rows] == ["alpha"]
    everything = [json.loads(line) for line in _report().failures_jsonl().splitlines()]
    assert sorted(r["db_id"] for r in everything) == ["alpha", "hidden"]  # without the list: every failure


def test_held_out_databases_get_no_per_database_line() -> None:
    text = _report().render(exclude_dbs={"hidden"})
    assert "alpha" in text and "hidden" not in text
    assert "execution accuracy: 50.0% (2/4)" in text  # the overall figure still counts them
