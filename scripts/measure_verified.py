"""Measure verified-query reuse on repeated questions, through the evaluations and verified-queries APIs.

For each database: an evaluation of its questions (expected = gold SQL) is run once; for every
question the analyst got wrong, a reviewer's fix is simulated by approving the gold SQL as a
verified query; then the same questions are asked again as a user would repeat them ("Please, ..."
in lower case) in a second evaluation. Reports accuracy before and after, and how many answers
reused an approved query. Questions the analyst already answered right get no verified query, so
their second answers are fresh interpretations.

Usage: scripts/measure_verified.py [--data DIR] [--db ID ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "spider-open"


def run_evaluation(c: httpx.Client, name: str, cid: str, questions: list[dict[str, str]]) -> dict[str, Any]:
    ev = c.post("/api/evaluations", json={"name": name, "connection_id": cid, "questions": questions})
    ev.raise_for_status()
    run = c.post(f"/api/evaluations/{ev.json()['id']}/runs", json={"trigger": "ci"})
    run.raise_for_status()
    while True:
        r = c.get(f"/api/evaluation_runs/{run.json()['id']}").json()
        if r["finished"]:
            return r
        time.sleep(0.5)


def repeat(question: str) -> str:
    return "Please, " + question[:1].lower() + question[1:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--db", nargs="*")
    args = ap.parse_args()
    if not (args.data / "questions.json").is_file():
        print(f"no question set at {args.data}", file=sys.stderr)
        return 2
    from tests.support.stack import start_stack

    qs = evalcore.load_questions(args.data / "questions.json")
    dbs = args.db or sorted({q.db_id for q in qs})
    data_dir = Path(tempfile.mkdtemp(prefix="dot-verified-"))
    stack = start_stack(data_dir / "data", {"DOT_DEMO_DATA": "0", "DOT_FILE_SOURCES": str(args.data.resolve())})
    totals = {"questions": 0, "before": 0, "after": 0, "approved": 0, "reused": 0}
    try:
        with httpx.Client(base_url=stack.url, headers={"API-KEY": stack.admin_token}, timeout=600) as c:
            for db in dbs:
                cid = "m-" + db.replace("_", "-")
                c.post("/api/connect_sqlite", json={"connection_id": cid, "database_location":
                                                    str(evalcore.sqlite_path(args.data, db))}).raise_for_status()
                c.post(f"/api/sync/sqlite/{cid}").raise_for_status()
                mine = [q for q in qs if q.db_id == db]
                first = run_evaluation(c, f"{db} first", cid, [{"question": q.question, "expected_sql": q.gold}
                                                                for q in mine])
                approved = 0
                for q, result in zip(mine, first["results"], strict=True):
                    if result["verdict"] != "pass":
                        c.post("/api/verified_queries", json={"connection_id": cid, "question": q.question,
                                                              "sql": q.gold}).raise_for_status()
                        approved += 1
                second = run_evaluation(c, f"{db} repeated", cid, [{"question": repeat(q.question),
                                                                     "expected_sql": q.gold} for q in mine])
                reused = sum(v["uses"] for v in c.get("/api/verified_queries",
                                                      params={"connection_id": cid}).json())
                before, after = first["summary"]["pass"], second["summary"]["pass"]
                print(f"{db:32s} {len(mine):4d} questions: {before / len(mine):6.1%} -> {after / len(mine):6.1%} "
                      f"({approved} approved, {reused} answers reused one)")
                for k, v in (("questions", len(mine)), ("before", before), ("after", after), ("approved", approved),
                             ("reused", reused)):
                    totals[k] += v
    finally:
        stack.stop()
    n = totals["questions"] or 1
    print(f"{'all':32s} {totals['questions']:4d} questions: {totals['before'] / n:6.1%} -> {totals['after'] / n:6.1%} "
          f"({totals['approved']} approved, {totals['reused']} answers reused one)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
