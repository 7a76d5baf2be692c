"""``scripts/eval_business.py --ask-split``: every database stays connected, only one split is asked."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    sys.path.insert(0, str(ROOT / "scripts"))
    spec = importlib.util.spec_from_file_location("eval_business_under_test", ROOT / "scripts" / "eval_business.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_ask_split_keeps_every_database_and_asks_only_that_split() -> None:
    mod = _script()
    q = mod.evalcore.Question
    by_db = {"alpha": [q("alpha", "How many orders?", "SELECT 1", 0)],
             "beta": [q("beta", "How many loans?", "SELECT 1", 1), q("beta", "Total fees?", "SELECT 1", 2)],
             "gamma": [q("gamma", "How many rooms?", "SELECT 1", 3)]}
    split_of = {"alpha": "studied", "beta": "heldout", "gamma": "studied"}

    studied = mod.asked_split(by_db, split_of, "studied")
    assert set(studied) == {"alpha", "beta", "gamma"}  # beta stays connected as a distractor
    assert [x.question for x in studied["alpha"]] == ["How many orders?"]
    assert studied["beta"] == []
    assert len(studied["gamma"]) == 1

    heldout = mod.asked_split(by_db, split_of, "heldout")
    assert heldout["alpha"] == [] and heldout["gamma"] == [] and len(heldout["beta"]) == 2

    assert mod.asked_split(by_db, split_of, "all") == by_db


def test_the_respelled_studied_databases_are_asked_as_studied() -> None:
    mod = _script()
    q = mod.evalcore.Question
    by_db = {"alpha": [q("alpha", "How many orders?", "SELECT 1", 0)]}
    assert mod.asked_split(by_db, {"alpha": "respelled"}, "studied") == by_db
    assert mod.asked_split(by_db, {"alpha": "respelled"}, "heldout") == {"alpha": []}
