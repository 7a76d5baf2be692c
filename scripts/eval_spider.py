"""``make eval``: score the analyst through the public HTTP API on a Spider-style question set.

For each database: connect it (POST /api/connect_sqlite), sync it (webhook-style query-token
URL), ask each question via POST /api/agentic, download the first dataframe's CSV and compare it
with the gold SQL's result (execution accuracy: same rows as a multiset, order only when the gold
query orders, column order free). Reports accuracy overall, per database and per difficulty,
latency per question, and writes failures to eval-results/failures.jsonl.

Usage: scripts/eval_spider.py [--data DIR] [--server URL --token dot-...] [--db ID] [--limit N]
                              [--floor 0.40] [--all-connected]
Without --server it starts its own server (no demo data) in a temporary directory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import evalcore  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "spider-open"


parse_csv = evalcore.parse_csv
first_dataframe = evalcore.first_dataframe
gold_rows = evalcore.gold_rows_csv


def run(client: httpx.Client, email: str, token: str, data: Path, only_db: str | None, limit: int | None,
        all_connected: bool) -> evalcore.Report:
    questions = evalcore.load_questions(data / "questions.json")
    if only_db:  # one id or a comma-separated list
        wanted = set(filter(None, only_db.split(",")))
        questions = [q for q in questions if q.db_id in wanted]
    if limit:
        questions = questions[:limit]
    by_db: dict[str, list[evalcore.Question]] = {}
    for q in questions:
        by_db.setdefault(q.db_id, []).append(q)
    report = evalcore.Report()
    for db_id, qs in by_db.items():
        path = evalcore.sqlite_path(data, db_id)
        cid = "eval-" + db_id.replace("_", "-")
        r = client.post("/api/connect_sqlite", json={"database_location": str(path), "connection_id": cid})
        r.raise_for_status()
        with httpx.Client(base_url=str(client.base_url), timeout=600) as hook:  # dbt-webhook style: no headers
            r = hook.post(f"/api/sync/sqlite/{cid}?user_id={quote(email)}&api_token={quote(token)}")
        r.raise_for_status()
        for q in qs:
            t0 = time.perf_counter()
            sql, correct, reason = "", False, ""
            try:
                resp = client.post("/api/agentic", json={"messages": [{"role": "user", "content": q.question}],
                                                         "chat_id": f"eval-{uuid.uuid4().hex[:12]}"})
                resp.raise_for_status()
                df = first_dataframe(resp.json())
                latency = (time.perf_counter() - t0) * 1000
                if df is None:
                    reason = "no dataframe in the answer"
                else:
                    sql = df.get("sql_query", "")
                    body = client.get(df["csv_download_url"])
                    body.raise_for_status()
                    _, pred = parse_csv(body.text)
                    gold = gold_rows(path, q.gold)
                    correct = evalcore.results_match(gold, pred, evalcore.gold_is_ordered(q.gold))
                    reason = "match" if correct else f"result differs (gold {len(gold)} rows, predicted {len(pred)})"
            except httpx.HTTPError as exc:
                latency = (time.perf_counter() - t0) * 1000
                reason = f"HTTP error: {exc}"
            report.add(evalcore.Outcome(q, sql, correct, reason, evalcore.hardness(q.gold), latency))
        if not all_connected:
            client.post("/api/remove_connection", json={"connection_id": cid, "delete_table_setup": True})
    return report


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--server")
    ap.add_argument("--token")
    ap.add_argument("--db")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--floor", type=float, default=0.0, help="exit 1 when accuracy is below this fraction")
    ap.add_argument("--all-connected", action="store_true",
                    help="keep every database connected (the server then picks the connection per question)")
    ap.add_argument("--demo", action="store_true",
                    help="the default setup: the demo warehouse is present too (with --all-connected: all of them)")
    ap.add_argument("--heldout", default="battle_death,network_1,pets_1",
                    help="databases never studied while writing the analyst's rules (reported apart)")
    ap.add_argument("--out", type=Path, default=ROOT / "eval-results")
    args = ap.parse_args()
    if not (args.data / "questions.json").is_file():
        print(f"eval: no question set at {args.data}", file=sys.stderr)
        return 2
    stack = None
    if args.server:
        if not args.token:
            ap.error("--server needs --token")
        base, token = args.server.rstrip("/"), args.token
        me = httpx.get(f"{base}/api/auth/me", headers={"API-KEY": token}, timeout=30).json()
        email = me["email"]
    else:
        from tests.support.stack import ADMIN_EMAIL, start_stack

        # The server reads the Spider SQLite files only because DOT_FILE_SOURCES lists their folder.
        stack = start_stack(Path(tempfile.mkdtemp(prefix="dot-eval-")),
                            {"DOT_DEMO_DATA": "1" if args.demo else "0", "DOT_FILE_SOURCES": str(args.data.resolve())})
        base, token, email = stack.url, stack.admin_token, ADMIN_EMAIL
    try:
        with httpx.Client(base_url=base, headers={"API-KEY": token}, timeout=120) as client:
            started = time.perf_counter()
            report = run(client, email, token, args.data, args.db, args.limit, args.all_connected)
            elapsed = time.perf_counter() - started
    finally:
        if stack is not None:
            stack.stop()
    args.out.mkdir(parents=True, exist_ok=True)
    heldout = set(filter(None, args.heldout.split(",")))
    # Held-out failures are never written: they are reported only in aggregate, never studied.
    (args.out / "failures.jsonl").write_text(report.failures_jsonl(exclude_dbs=heldout))
    print(report.render(exclude_dbs=heldout))
    print(evalcore.render_figures([  # the common per-split figures (held-out: never studied)
        evalcore.Asked("spider-open", "default" if args.demo else "only", "heldout" if o.question.db_id in heldout
                       else "studied", o.question, o.correct, o.reason != "no dataframe in the answer",
                       o.latency_ms, o.reason, o.predicted_sql) for o in report.outcomes], per_db=False))
    lat = sorted(o.latency_ms for o in report.outcomes)
    if lat:
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
        print(f"end-to-end latency per question (HTTP ask + CSV download): p50 {statistics.median(lat):.1f} ms, "
              f"p95 {p95:.1f} ms; {len(lat)} questions in {elapsed:.1f} s")
    print(f"failures written to {args.out / 'failures.jsonl'}")
    acc = report.accuracy()
    if acc < args.floor:
        print(f"eval: accuracy {acc:.1%} is below the floor {args.floor:.1%}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
