"""Reusable pieces of text-to-SQL evaluation: questions, execution match, hardness, reports.

Kept free of engine imports so the in-process runner (eval_direct.py) and the HTTP runner
(`make eval`) score answers exactly the same way.
"""

from __future__ import annotations

import itertools
import json
import math
import sqlite3
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import sqlglot
from sqlglot import exp

from services.conversation.assets import csv_cell
from services.conversation.scoring import is_ordered, norm, results_match

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


def load_questions(*paths: str | Path) -> list[Question]:
    """Spider-style questions.json files: [{db_id, question, query}], numbered on across the files in order (the
    business suite keeps its held-out questions in a file of their own)."""
    data = [d for path in paths for d in json.loads(Path(path).read_text())]
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


def _num(v: Any) -> Any:
    """'2025' and 2025 are the same bucket; everything else as the shared scorer normalises it."""
    if isinstance(v, str):
        try:
            return norm(float(v))
        except ValueError:
            return v
    return norm(v)


def subset_match(gold: Sequence[Sequence[Any]], pred: Sequence[Sequence[Any]], ordered: bool) -> bool:
    """The demo suite's rule: gold rows equal some choice of the predicted columns (same row count), so an
    answer that shows the measure beside the names it ranks ('which 10 customers spent the most') counts."""
    g = [tuple(_num(v) for v in r) for r in gold]
    p = [tuple(_num(v) for v in r) for r in pred]
    if len(g) != len(p):
        return False
    if not g:
        return True
    gw, pw = len(g[0]), len(p[0])
    if pw < gw:
        return False
    return any(results_match(g, [tuple(r[i] for i in cols) for r in p], ordered)
               for cols in itertools.combinations(range(pw), gw))


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


# ---------------------------------------------------------------- the HTTP harness (make eval)
# Every suite is asked through the public API exactly as a user would: connect, sync through the
# webhook URL, ask with /api/agentic, download the first dataframe's CSV, compare with the gold.


def cell(text: str) -> Any:
    """CSV cells back to numbers where they are numbers (the CSV is the only channel)."""
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def parse_csv(body: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    import csv
    import io

    from services.common.csv_safe import restore_cell

    rows = list(csv.reader(io.StringIO(body)))
    if not rows:
        return [], []
    # Text like "+1 555 ..." comes back as "'+1 555 ..." (CSV-injection neutralising): compare the value.
    return rows[0], [tuple(cell(restore_cell(c)) for c in r) for r in rows[1:]]


def first_dataframe(conversation: list[dict[str, Any]]) -> dict[str, Any] | None:
    last = conversation[-1] if conversation else {}
    data = last.get("additional_data") or {}
    for part in data.get("formatted_result", []):
        if part.get("type") == "dataframe":
            return (data.get("assets") or {}).get(part.get("data"))
    return None


def gold_rows_csv(db: str | Path, gold: str) -> list[tuple[Any, ...]]:
    """Gold rows through the same CSV-shaped normalisation as the prediction (text vs numbers)."""
    rows = run_sqlite(db, gold)
    # floats too: the answer's CSV keeps 15 significant digits, so 88446.31031249998 arrives as 88446.3103125 and
    # the scorer's 6-decimal rounding would otherwise split a right answer from its gold on the last digit
    return [tuple(cell("" if v is None else str(v)) if not isinstance(v, (int, float)) else
                  cell(csv_cell(v)) if isinstance(v, float) else v for v in r)
            for r in rows]


def connect_and_sync(client: Any, email: str, token: str, path: str | Path, cid: str) -> None:
    """POST /api/connect_sqlite, then sync dbt-webhook style (credentials in the query string only)."""
    import httpx
    from urllib.parse import quote

    r = client.post("/api/connect_sqlite", json={"database_location": str(path), "connection_id": cid})
    r.raise_for_status()
    with httpx.Client(base_url=str(client.base_url), timeout=600) as hook:
        r = hook.post(f"/api/sync/sqlite/{cid}?user_id={quote(email)}&api_token={quote(token)}")
    r.raise_for_status()


@dataclass
class Asked:
    """One question asked over HTTP and scored: correct, answered-but-wrong, or no table."""

    suite: str
    setup: str
    split: str
    question: Question
    correct: bool
    answered: bool  # the answer carried a table (a wrong table is worse than a clarifying question)
    latency_ms: float
    reason: str
    sql: str = ""
    connection: str = ""  # the connection the answer says it used, when it says so
    expected_connection: str = ""
    extra_columns_only: bool = False  # wrong only by columns beside the gold ones (the measure it ranked by)


def ask_and_score(client: Any, q: Question, db_path: str | Path, *, suite: str, setup: str, split: str,
                  connection_id: str | None = None, expected_connection: str = "", extra_columns: bool = False) -> Asked:
    """Ask over HTTP and score; ``extra_columns`` scores with ``subset_match`` (the demo suite's rule, the
    same one scripts/eval_demo.py applies in-process) instead of the exact execution match."""
    import time
    import uuid

    import httpx

    body: dict[str, Any] = {"messages": [{"role": "user", "content": q.question}],
                            "chat_id": f"eval-{uuid.uuid4().hex[:12]}"}
    if connection_id:
        body["connection_id"] = connection_id
    t0 = time.perf_counter()
    sql, correct, answered, reason, used = "", False, False, "", ""
    try:
        resp = client.post("/api/agentic", json=body)
        resp.raise_for_status()
        conv = resp.json()
        used = str(((conv[-1] if conv else {}).get("additional_data") or {}).get("connection_id") or "")
        df = first_dataframe(conv)
        if df is None:
            reason = "no table in the answer"
        else:
            answered = True
            sql = df.get("sql_query", "")
            csv_body = client.get(df["csv_download_url"])
            csv_body.raise_for_status()
            _, pred = parse_csv(csv_body.text)
            gold = gold_rows_csv(db_path, q.gold)
            ordered = gold_is_ordered(q.gold)
            correct = (subset_match if extra_columns else results_match)(gold, pred, ordered)
            near = not correct and subset_match(gold, pred, ordered)
            reason = "match" if correct else f"result differs (gold {len(gold)} rows, predicted {len(pred)})" + (
                ", right rows with extra columns" if near else "")
    except httpx.HTTPError as exc:
        reason = f"HTTP error: {exc}"
    latency = (time.perf_counter() - t0) * 1000
    return Asked(suite, setup, split, q, correct, answered, latency, reason, sql, used, expected_connection,
                 answered and not correct and "extra columns" in reason)


@dataclass
class SuiteFigures:
    n: int
    accuracy: float
    wrong_rate: float  # answered with a table that does not match the gold
    extra_columns_rate: float  # of those: the gold rows plus columns beside them (not counted right)
    no_table_rate: float  # clarified or declined
    p50_ms: float
    connection_accuracy: float | None  # share of answers that named the expected connection

    def line(self) -> str:
        conn = "" if self.connection_accuracy is None else f", right connection {self.connection_accuracy:6.1%}"
        return (f"accuracy {self.accuracy:6.1%}, answered-but-wrong {self.wrong_rate:6.1%} "
                f"(extra columns only {self.extra_columns_rate:5.1%}), "
                f"clarified/declined {self.no_table_rate:6.1%}, p50 {self.p50_ms:6.1f} ms{conn} (n={self.n})")


def figures(items: Sequence[Asked]) -> SuiteFigures:
    n = len(items)
    lat = sorted(a.latency_ms for a in items)
    named = [a for a in items if a.expected_connection]
    conn = _ratio(a.connection == a.expected_connection for a in named) if named and any(
        a.connection for a in named) else None
    return SuiteFigures(n, _ratio(a.correct for a in items), _ratio(a.answered and not a.correct for a in items),
                        _ratio(a.extra_columns_only for a in items),
                        _ratio(not a.answered for a in items), statistics.median(lat) if lat else 0.0, conn)


def render_figures(items: Sequence[Asked], per_db: bool = True,
                   db_groups: Mapping[str, Sequence[str]] | None = None) -> str:
    """Per suite and setup: overall, per split, per named group of databases and (unless ``per_db`` is
    off) per database. Held-out databases only ever appear in aggregates (a split or a group), so a
    per-database line cannot point anyone at a held-out database's weak spots."""
    lines = []
    groups: dict[tuple[str, str], list[Asked]] = defaultdict(list)
    for a in items:
        groups[(a.suite, a.setup)].append(a)
    for (suite, setup), group in groups.items():
        lines.append(f"{suite} [{setup}]: {figures(group).line()}")
        splits: dict[str, list[Asked]] = defaultdict(list)
        dbs: dict[str, list[Asked]] = defaultdict(list)
        for a in group:
            splits[a.split].append(a)
            dbs[f"{a.question.db_id} ({a.split})"].append(a)
        if len(splits) > 1:
            for split, sub in sorted(splits.items()):
                lines.append(f"  split {split:24s} {figures(sub).line()}")
        for name, members in (db_groups or {}).items():
            sub = [a for a in group if a.question.db_id in set(members)]
            if sub:
                lines.append(f"  group {name:24s} {figures(sub).line()}")
        for db, sub in sorted(dbs.items()) if per_db else ():
            if db.endswith("(heldout)"):
                continue
            lines.append(f"    {db:28s} {figures(sub).line()}")
    return "\n".join(lines)


def asked_failures_jsonl(items: Sequence[Asked]) -> str:
    """Failures of studied questions only: held-out questions must not reach people who tune the engine."""
    rows = [{"suite": a.suite, "setup": a.setup, "split": a.split, "db_id": a.question.db_id,
             "question": a.question.question, "gold": a.question.gold, "predicted": a.sql, "reason": a.reason,
             "connection": a.connection, "expected_connection": a.expected_connection}
            for a in items if not a.correct and a.split != "heldout"]
    return "".join(json.dumps(r) + "\n" for r in rows)
