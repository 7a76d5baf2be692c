"""Run the offline analyst in-process over Spider-style SQLite databases and score it.

Usage: .venv/bin/python scripts/eval_direct.py [--data /work/shared/eval/spider-open] [--db car_1] [--limit N] [-v]
       [--exclude battle_death,network_1,pets_1]
Writes eval-results/failures.jsonl. --exclude (default: the held-out DBs of eval_spider.py) keeps
held-out questions out of the run entirely, so their failures never reach whoever tunes the engine.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

from services.conversation.engine.offline.analyst import OfflineAnalyst  # noqa: E402
from scripts.localbox import SqliteToolbox  # noqa: E402


async def run(data: Path, only_db: str | None, limit: int | None, verbose: bool, out: Path,
              exclude: frozenset[str] = frozenset()) -> evalcore.Report:
    questions = [q for q in evalcore.load_questions(data / "questions.json") if q.db_id not in exclude]
    if only_db:
        questions = [q for q in questions if q.db_id == only_db]
    if limit:
        questions = questions[:limit]
    analyst = OfflineAnalyst()
    boxes: dict[str, SqliteToolbox] = {}
    report = evalcore.Report()
    for q in questions:
        path = evalcore.sqlite_path(data, q.db_id)
        box = boxes.get(q.db_id)
        if box is None:
            box = boxes[q.db_id] = SqliteToolbox(path)
            await box.schema()  # the sync happens before questions are asked
        box.queries.clear()
        t0 = time.perf_counter()
        sql = ""
        try:
            ans = await analyst.answer(q.question, toolbox=box, history=[], state={}, mode="economy", deep=False)
            first = next((p for p in ans.parts if p.kind == "query" and p.result is not None), None)
            sql = first.result.sql if first and first.result else ""
        except Exception as e:  # a crash is a wrong answer, not the end of the run
            sql = ""
            if verbose:
                print(f"CRASH {q.index}: {type(e).__name__}: {e}")
        latency = (time.perf_counter() - t0) * 1000
        correct, reason = evalcore.compare(path, q.gold, sql)
        report.add(evalcore.Outcome(q, sql, correct, reason, evalcore.hardness(q.gold), latency))
        if verbose and not correct:
            print(f"[{q.index}] {q.db_id}: {q.question}\n   gold: {q.gold}\n   pred: {sql}\n   {reason}")
    for b in boxes.values():
        b.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.failures_jsonl())
    return report


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="/work/shared/eval/spider-open")
    ap.add_argument("--db")
    ap.add_argument("--limit", type=int)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--exclude", default="battle_death,network_1,pets_1",
                    help="comma-separated db ids left out of the run (held-out: never studied)")
    ap.add_argument("--out", default=str(ROOT / "eval-results" / "failures.jsonl"))
    args = ap.parse_args()
    exclude = frozenset(filter(None, args.exclude.split(",")))
    report = asyncio.run(run(Path(args.data), args.db, args.limit, args.verbose, Path(args.out), exclude))
    print(report.render())


if __name__ == "__main__":
    main()
