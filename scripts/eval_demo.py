"""Score the offline analyst on the demo warehouse's everyday business questions (in-process).

Usage: .venv/bin/python scripts/eval_demo.py [--split studied|heldout] [-v]

Each question in eval/demo/questions.json has gold SQL over the demo warehouse that `make run`
creates (dates relative to today, as the data is). An answer is
- right: its first table matches the gold rows (extra columns such as ids are allowed; order
  matters only when the gold query orders),
- answered-but-wrong: it returned a table that does not match,
- clarified/declined: it returned no table (a clarifying question or "not understood").
Trust over coverage: the answered-but-wrong rate is the number to keep low.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

from services.conversation.engine.generic import WithGenericIntents  # noqa: E402
from services.conversation.engine.offline.analyst import OfflineAnalyst  # noqa: E402
from scripts.localbox import SqliteToolbox  # noqa: E402
from services.knowledge.demo_data import DEMO_DESCRIPTIONS, create_demo_warehouse  # noqa: E402


@dataclass
class Scored:
    question: str
    split: str
    verdict: str  # right | wrong | declined
    sql: str
    ms: float


async def run(path: Path, items: list[dict[str, Any]], verbose: bool) -> list[Scored]:
    box = SqliteToolbox(path, docs=DEMO_DESCRIPTIONS)
    await box.schema()
    analyst = WithGenericIntents(OfflineAnalyst())
    out: list[Scored] = []
    try:
        for it in items:
            t0 = time.perf_counter()
            sql = ""
            try:
                ans = await analyst.answer(it["question"], toolbox=box, history=[], state={}, mode="economy", deep=False)
                first = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
                sql = first.result.sql if first and first.result else ""
            except Exception as e:  # a crash is a wrong answer
                sql = f"-- crash {type(e).__name__}: {e}"
            ms = (time.perf_counter() - t0) * 1000
            gold = evalcore.run_sqlite(path, it["query"])
            if not sql:
                verdict = "declined"
            else:
                try:
                    pred = evalcore.run_sqlite(path, sql)
                    verdict = "right" if evalcore.subset_match(gold, pred, evalcore.gold_is_ordered(it["query"])) else "wrong"
                except Exception:
                    verdict = "wrong"
            out.append(Scored(it["question"], it["split"], verdict, sql, ms))
            if verbose and verdict != "right":
                print(f"[{it['split']}] {verdict}: {it['question']}\n   gold: {it['query']}\n   pred: {sql}")
    finally:
        box.close()
    return out


def render(scored: list[Scored]) -> str:
    lines = []
    for split in ("studied", "heldout", "all"):
        part = [s for s in scored if split in ("all", s.split)]
        if not part:
            continue
        n = len(part)
        right = sum(s.verdict == "right" for s in part)
        wrong = sum(s.verdict == "wrong" for s in part)
        declined = n - right - wrong
        lines.append(
            f"{split:8} right {right}/{n} ({100 * right / n:.1f}%)  answered-but-wrong {wrong} ({100 * wrong / n:.1f}%)"
            f"  clarified/declined {declined}"
        )
    ms = [s.ms for s in scored]
    lines.append(f"latency p50 {statistics.median(ms):.1f} ms, max {max(ms):.1f} ms")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--questions", default=str(ROOT / "eval" / "demo" / "questions.json"))
    ap.add_argument("--split", choices=("studied", "heldout"))
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    items = json.loads(Path(args.questions).read_text())
    if args.split:
        items = [i for i in items if i["split"] == args.split]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.sqlite"
        create_demo_warehouse(path)
        scored = asyncio.run(run(path, items, args.verbose))
    print(render(scored))


if __name__ == "__main__":
    main()
