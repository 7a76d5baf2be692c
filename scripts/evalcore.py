"""Reusable pieces of text-to-SQL evaluation: questions, execution match, hardness, reports.

Kept free of engine imports so the in-process runner (eval_direct.py) and the HTTP runner
(`make eval`) score answers exactly the same way.
"""

from __future__ import annotations

import json
import math
import sqlite3
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import sqlglot
from sqlglot import exp

from services.conversation.scoring import is_ordered, results_match

HARDNESS = ("easy", "medium", "hard", "extra")


@dataclass(frozen=True)
class Question:
    """One evaluation item."""

    db_id: str
    question: str
    gold: str
    index: int = 0


@dataclass
class Outcome:
    """Result of scoring one question."""

    question: Question
    predicted_sql: str
    correct: bool
    reason: str
    hardness: str
    latency_ms: float


@dataclass
class Report:
    """Aggregated outcomes."""

    outcomes: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)

    def accuracy(self) -> float:
        return _ratio(o.correct for o in self.outcomes)

    def by(self, key: str) -> dict[str, tuple[int, int, float]]:
        """Per db_id or hardness: (correct, total, accuracy)."""
        groups: dict[str, list[bool]] = defaultdict(list)
        for o in self.outcomes:
            k = o.question.db_id if key == "db" else o.hardness
            groups[k].append(o.correct)
        return {k: (sum(v), len(v), _ratio(v)) for k, v in sorted(groups.items())}

    def latency(self) -> tuple[float, float]:
        """p50 and p95 latency in milliseconds."""
        lat = sorted(o.latency_ms for o in self.outcomes)
        if not lat:
            return (0.0, 0.0)
        return (statistics.median(lat), lat[min(len(lat) - 1, int(math.ceil(0.95 * len(lat))) - 1)])

    def render(self) -> str:
        """Human-readable summary."""
        n = len(self.outcomes)
        lines = [f"execution accuracy: {self.accuracy():.1%} ({sum(o.correct for o in self.outcomes)}/{n})"]
        lines.append("per database:")
        for k, (c, t, a) in self.by("db").items():
            lines.append(f"  {k:32s} {a:6.1%} ({c}/{t})")
        lines.append("per difficulty:")
        hard = self.by("hardness")
        for k in HARDNESS:
            if k in hard:
                c, t, a = hard[k]
                lines.append(f"  {k:32s} {a:6.1%} ({c}/{t})")
        p50, p95 = self.latency()
        lines.append(f"latency p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        return "\n".join(lines)

    def failures_jsonl(self) -> str:
        rows = [
            {
                "index": o.question.index,
                "db_id": o.question.db_id,
                "question": o.question.question,
                "gold": o.question.gold,
                "predicted": o.predicted_sql,
                "reason": o.reason,
                "hardness": o.hardness,
            }
            for o in self.outcomes
            if not o.correct
        ]
        return "".join(json.dumps(r) + "\n" for r in rows)


def _ratio(values: Iterable[bool]) -> float:
    vals = list(values)
    return sum(vals) / len(vals) if vals else 0.0


def load_questions(path: str | Path) -> list[Question]:
    """Spider-style questions.json: [{db_id, question, query}]."""
    data = json.loads(Path(path).read_text())
    return [Question(d["db_id"], d["question"], d["query"], i) for i, d in enumerate(data)]


def sqlite_path(root: str | Path, db_id: str) -> Path:
    return Path(root) / "database" / db_id / f"{db_id}.sqlite"


def run_sqlite(path: str | Path, sql: str, timeout_s: float = 10.0) -> list[tuple[Any, ...]]:
    """Execute read-only on a sqlite file, with a progress-handler based timeout."""
    import time

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.text_factory = lambda b: b.decode("utf-8", errors="replace")
    deadline = time.monotonic() + timeout_s
    conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10000)
    try:
        return [tuple(r) for r in conn.execute(sql).fetchall()]
    finally:
        conn.close()


# ---------------------------------------------------------------- result comparison


def gold_is_ordered(gold_sql: str) -> bool:
    """Order matters only when the outermost gold query has ORDER BY."""
    return is_ordered(gold_sql, "sqlite")


def compare(db_path: str | Path, gold_sql: str, pred_sql: str | None) -> tuple[bool, str]:
    """(correct, reason) for a predicted SQL against gold on one sqlite file."""
    if not pred_sql:
        return False, "no SQL produced"
    try:
        gold_rows = run_sqlite(db_path, gold_sql)
    except Exception as e:  # gold itself broken: count as unanswerable
        return False, f"gold failed: {e}"
    try:
        pred_rows = run_sqlite(db_path, pred_sql)
    except Exception as e:
        return False, f"predicted SQL failed: {e}"
    if results_match(gold_rows, pred_rows, gold_is_ordered(gold_sql)):
        return True, "match"
    return False, f"result differs (gold {len(gold_rows)} rows, predicted {len(pred_rows)} rows)"


# ---------------------------------------------------------------- Spider hardness


def _selects(node: exp.Expression) -> exp.Select | None:
    return node if isinstance(node, exp.Select) else None


def _conditions(cond: exp.Expression | None) -> tuple[int, int, int]:
    """(number of predicates, number of ORs, number of LIKEs) in a WHERE/HAVING tree."""
    if cond is None:
        return (0, 0, 0)
    if isinstance(cond, exp.Paren):
        return _conditions(cond.this)
    if isinstance(cond, (exp.And, exp.Or)):
        a, b = _conditions(cond.left), _conditions(cond.right)
        return (a[0] + b[0], a[1] + b[1] + isinstance(cond, exp.Or), a[2] + b[2])
    like = isinstance(cond, exp.Like) or (isinstance(cond, exp.Not) and isinstance(cond.this, exp.Like))
    return (1, 0, int(like))


def _hardness_parts(select: exp.Select) -> tuple[int, int, int]:
    """(component1, component2, others) for one SELECT (Spider's definitions)."""
    where = select.args.get("where")
    having = select.args.get("having")
    group = select.args.get("group")
    order = select.args.get("order")
    wcond = where.this if where else None
    hcond = having.this if having else None
    wn, wor, wlike = _conditions(wcond)
    hn, hor, hlike = _conditions(hcond)
    c1 = int(wn > 0) + int(group is not None) + int(order is not None) + int(select.args.get("limit") is not None)
    joins = select.args.get("joins") or []
    c1 += len(joins)
    c1 += wor + hor + wlike + hlike
    nested = sum(1 for n in select.find_all(exp.Select) if n is not select and n.find_ancestor(exp.Select) is select)
    agg_nodes = [e for e in select.expressions]
    aggs = 0
    for part in agg_nodes + [wcond, hcond, group, order]:
        if part is None:
            continue
        aggs += sum(1 for a in part.find_all(exp.AggFunc) if a.find_ancestor(exp.Select) is select)
    others = int(aggs > 1) + int(len(select.expressions) > 1) + int(wn > 1)
    others += int(group is not None and len(group.expressions) > 1)
    return c1, nested, others


def hardness(gold_sql: str) -> str:
    """Spider hardness (easy/medium/hard/extra) computed from component counts of the gold SQL."""
    try:
        tree = sqlglot.parse_one(gold_sql, read="sqlite")
    except Exception:
        return "extra"
    setops = 0
    node = tree
    while isinstance(node, exp.SetOperation):
        setops += 1
        node = node.left
    first = _selects(node)
    if first is None:
        return "extra"
    c1, nested, others = _hardness_parts(first)
    c2 = nested + setops
    if c1 <= 1 and others == 0 and c2 == 0:
        return "easy"
    if (others <= 2 and c1 <= 1 and c2 == 0) or (c1 <= 2 and others < 2 and c2 == 0):
        return "medium"
    if (others > 2 and c1 <= 2 and c2 == 0) or (2 < c1 <= 3 and others <= 2 and c2 == 0) or (
        c1 <= 1 and others == 0 and c2 <= 1
    ):
        return "hard"
    return "extra"
